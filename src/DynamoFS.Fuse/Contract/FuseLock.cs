namespace DynamoFS.Fuse;

/// <summary>Lock types as fcntl spells them.</summary>
public enum FuseLockType : uint
{
    Read = 0,   // F_RDLCK
    Write = 1,  // F_WRLCK
    Unlock = 2, // F_UNLCK
}

/// <summary>
/// A byte-range lock (struct fuse_file_lock). <see cref="End"/> is inclusive; ulong.MaxValue
/// (OFFSET_MAX as the kernel sends it, 0x7fffffffffffffff) means "to end of file".
/// </summary>
public readonly record struct FuseLock(ulong Start, ulong End, FuseLockType Type, uint Pid)
{
    /// <summary>The kernel's OFFSET_MAX.</summary>
    public const ulong OffsetMax = long.MaxValue;
}

/// <summary>A GETLK/SETLK/SETLKW request.</summary>
public readonly record struct FuseLockRequest
{
    public ulong Handle { get; init; }
    /// <summary>Opaque owner: the files_struct for fcntl locks, the struct file for flock.</summary>
    public ulong Owner { get; init; }
    public FuseLock Lock { get; init; }
    /// <summary>True when the request came from flock(2) (FUSE_LK_FLOCK).</summary>
    public bool IsFlock { get; init; }
}
