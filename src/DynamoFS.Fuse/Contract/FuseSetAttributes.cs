namespace DynamoFS.Fuse;

/// <summary>Which fields of a SETATTR request are set (FATTR_* bits).</summary>
[Flags]
public enum SetAttributeFields : uint
{
    None = 0,
    Mode = 0x1,
    Uid = 0x2,
    Gid = 0x4,
    Size = 0x8,
    AccessTime = 0x10,
    ModifyTime = 0x20,
    Handle = 0x40,
    AccessTimeNow = 0x80,
    ModifyTimeNow = 0x100,
    LockOwner = 0x200,
    ChangeTime = 0x400,
    KillSuidGid = 0x800,
}

/// <summary>A SETATTR request (struct fuse_setattr_in); only fields named in <see cref="Fields"/> are meaningful.</summary>
public readonly record struct FuseSetAttributes
{
    public SetAttributeFields Fields { get; init; }
    public ulong Handle { get; init; }
    public ulong Size { get; init; }
    public ulong LockOwner { get; init; }
    public FuseTime AccessTime { get; init; }
    public FuseTime ModifyTime { get; init; }
    public FuseTime ChangeTime { get; init; }
    public uint Mode { get; init; }
    public uint Uid { get; init; }
    public uint Gid { get; init; }

    public bool Has(SetAttributeFields f) => (Fields & f) != 0;
}
