namespace DynamoFS.Fuse.Tests.Memory;

/// <summary>
/// One inode. Every field is guarded by the owning <see cref="MemoryFileSystem"/>'s lock.
/// A node outlives its last link while the kernel still knows it (until Forget) or while it is open.
/// </summary>
internal sealed class MemoryNode
{
    public MemoryNode(ulong id, ulong generation, uint mode, uint uid, uint gid)
    {
        Id = id;
        Generation = generation;
        Mode = mode;
        Uid = uid;
        Gid = gid;
        AccessTime = ModifyTime = ChangeTime = FuseTime.Now;
        if (FileMode.IsDirectory(mode)) Directory = new MemoryDirectory();
        if (FileMode.IsRegular(mode)) Data = new SparseData();
    }

    public ulong Id { get; }
    public ulong Generation { get; }
    public uint Mode { get; set; }
    public uint Uid { get; set; }
    public uint Gid { get; set; }
    public uint Rdev { get; set; }
    public FuseTime AccessTime { get; set; }
    public FuseTime ModifyTime { get; set; }
    public FuseTime ChangeTime { get; set; }

    /// <summary>Hard links for non-directories; directories count "." and their parent's entry plus subdirectories' "..".</summary>
    public uint Links { get; set; }
    public int OpenHandles { get; set; }
    /// <summary>Set by Forget; the node is dropped once it is also unlinked and closed.</summary>
    public bool Forgotten { get; set; }

    public MemoryDirectory? Directory { get; }
    public SparseData? Data { get; }
    public byte[]? SymlinkTarget { get; set; }
    /// <summary>The parent directory, for "..": only meaningful for directories.</summary>
    public MemoryNode? Parent { get; set; }

    public Dictionary<FuseName, byte[]> Xattrs { get; } = new();

    public bool IsDirectory => Directory is not null;

    public void Touch(bool modified)
    {
        var now = FuseTime.Now;
        ChangeTime = now;
        if (modified) ModifyTime = now;
    }

    public FuseAttributes Attributes => new()
    {
        Inode = Id,
        Mode = Mode,
        Links = Links,
        Uid = Uid,
        Gid = Gid,
        Rdev = Rdev,
        Size = Data is not null ? (ulong)Data.Size : SymlinkTarget is not null ? (ulong)SymlinkTarget.Length : IsDirectory ? 4096UL : 0,
        Blocks = Data?.Blocks ?? 0,
        AccessTime = AccessTime,
        ModifyTime = ModifyTime,
        ChangeTime = ChangeTime,
        BlockSize = SparseData.PageSize,
    };
}
