using DynamoFS.Posix.Tests.Conformance;

namespace DynamoFS.Posix.Tests.Tools;

/// <summary>Collection for the tool runs on tmpfs: its own tmpfs, in parallel with the conformance cases.</summary>
[CollectionDefinition(Name)]
public sealed class TmpfsToolsCollection : ICollectionFixture<TmpfsUnderTest>
{
    public const string Name = "tmpfs tools";
}

/// <summary>The tool runs on a fresh tmpfs.</summary>
[Collection(TmpfsToolsCollection.Name)]
public sealed class TmpfsToolTests(TmpfsUnderTest fs) : ToolTests<TmpfsUnderTest>(fs);
