namespace DynamoFS.Fuse;

/// <summary>
/// An entry reply (struct fuse_entry_out): the node id the kernel will use for this name, with
/// its attributes and how long the kernel may cache the name and the attributes.
/// Every entry sent to the kernel with a nonzero node id counts one lookup; the session keeps
/// that count and calls <see cref="IFuseFileSystem.Forget"/> when it drops to zero.
/// </summary>
public readonly record struct FuseEntry
{
    /// <summary>The node id; 0 with a positive <see cref="EntryTimeout"/> caches a negative entry.</summary>
    public ulong NodeId { get; init; }
    /// <summary>Lets the kernel tell a reused node id from the old one.</summary>
    public ulong Generation { get; init; }
    public FuseAttributes Attributes { get; init; }
    public TimeSpan EntryTimeout { get; init; }
    public TimeSpan AttributeTimeout { get; init; }
}

/// <summary>An attribute reply (struct fuse_attr_out).</summary>
public readonly record struct FuseAttributeReply(FuseAttributes Attributes, TimeSpan Timeout);

/// <summary>Reply to OPEN/OPENDIR/CREATE: a handle the file system chooses and FOPEN_* flags.</summary>
public readonly record struct FuseOpenReply(ulong Handle, FuseOpenFlags Flags = FuseOpenFlags.None);

[Flags]
public enum FuseOpenFlags : uint
{
    None = 0,
    DirectIo = 1,
    KeepCache = 2,
    NonSeekable = 4,
    CacheDir = 8,
    Stream = 0x10,
    NoFlush = 0x20,
    ParallelDirectWrites = 0x40,
}

/// <summary>Reply to CREATE: the new entry and its open handle.</summary>
public readonly record struct FuseCreateReply(FuseEntry Entry, FuseOpenReply Open);

/// <summary>Reply to STATFS (struct fuse_statfs_out).</summary>
public readonly record struct FuseStatfs
{
    public ulong Blocks { get; init; }
    public ulong BlocksFree { get; init; }
    public ulong BlocksAvailable { get; init; }
    public ulong Files { get; init; }
    public ulong FilesFree { get; init; }
    public uint BlockSize { get; init; }
    public uint NameLength { get; init; }
    public uint FragmentSize { get; init; }
}
