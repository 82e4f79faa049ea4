using DynamoFS.Fuse;

namespace DynamoFS.Core;

/// <summary>
/// The credentials a permission decision is made for. Supplementary groups are read from /proc
/// only when a decision actually depends on them (most callers own the file or are root).
/// </summary>
internal readonly struct Caller
{
    private readonly Func<IReadOnlyList<uint>>? _groups;

    public Caller(uint uid, uint gid, Func<IReadOnlyList<uint>>? supplementaryGroups = null)
    {
        Uid = uid;
        Gid = gid;
        _groups = supplementaryGroups;
    }

    public static Caller From(FuseContext ctx) => new(ctx.Uid, ctx.Gid, ctx.GetSupplementaryGroups);

    public uint Uid { get; }
    public uint Gid { get; }
    public bool IsRoot => Uid == 0;

    /// <summary>True when <paramref name="gid"/> is the caller's primary or a supplementary group.</summary>
    public bool InGroup(uint gid)
    {
        if (gid == Gid) return true;
        if (_groups is null) return false;
        foreach (var g in _groups()) if (g == gid) return true;
        return false;
    }
}
