namespace DynamoFS.Core.Storage;

/// <summary>
/// An inode as stored: everything stat(2) shows plus what the file system needs to keep it
/// consistent. Immutable; a change is a new record with <see cref="Version"/> + 1, written with
/// a condition on the old version (optimistic concurrency between clients).
/// </summary>
public sealed record InodeRecord
{
    public required ulong Id { get; init; }
    /// <summary>Type (S_IFMT) and permission bits.</summary>
    public required uint Mode { get; init; }
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public ulong Size { get; init; }
    /// <summary>Hard links for files; 2 + subdirectories for directories. 0 = unlinked but still open somewhere.</summary>
    public uint Links { get; init; }
    public uint Rdev { get; init; }
    /// <summary>Nanoseconds since the epoch.</summary>
    public long AccessTimeNs { get; init; }
    public long ModifyTimeNs { get; init; }
    public long ChangeTimeNs { get; init; }
    /// <summary>Creation time, nanoseconds since the epoch (statx btime; also the generation).</summary>
    public long BirthTimeNs { get; init; }
    /// <summary>Monotonic per inode, starts at 1; every stored change increments it.</summary>
    public ulong Version { get; init; } = 1;
    /// <summary>Directories only: the parent directory's id (the root's parent is itself).</summary>
    public ulong Parent { get; init; }
    /// <summary>Symlinks only: the target bytes.</summary>
    public byte[]? SymlinkTarget { get; init; }
    /// <summary>
    /// Regular files whose whole content fits the format's inline limit keep it here, in the
    /// inode item, so a small file costs one item. Null when the content lives in blocks.
    /// </summary>
    public byte[]? InlineData { get; init; }
    /// <summary>Bytes of data actually stored (for st_blocks); holes cost nothing.</summary>
    public ulong StoredBytes { get; init; }
}
