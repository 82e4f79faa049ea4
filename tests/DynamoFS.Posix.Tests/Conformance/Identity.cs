namespace DynamoFS.Posix.Tests.Conformance;

/// <summary>Credentials a step runs with: real/effective uid and gid plus supplementary groups.</summary>
public sealed record Identity(string Name, uint Uid, uint Gid, IReadOnlyList<uint> Groups)
{
    public bool IsRoot => Uid == 0;
    public override string ToString() => Name;
}
