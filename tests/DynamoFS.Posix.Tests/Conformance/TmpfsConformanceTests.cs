namespace DynamoFS.Posix.Tests.Conformance;

/// <summary>All conformance cases on a fresh tmpfs: the reference run.</summary>
[Collection(TmpfsCollection.Name)]
public sealed class TmpfsConformanceTests(TmpfsUnderTest fs) : ConformanceTests<TmpfsUnderTest>(fs);
