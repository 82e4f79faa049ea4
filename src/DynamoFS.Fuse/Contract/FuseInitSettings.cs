namespace DynamoFS.Fuse;

/// <summary>
/// What the file system asks of the kernel at INIT. The session intersects the capability
/// requests with what the kernel offers.
/// </summary>
public sealed record FuseInitSettings
{
    /// <summary>Implements GETLK/SETLK/SETLKW for fcntl locks (else the kernel keeps them local).</summary>
    public bool PosixLocks { get; init; } = true;
    /// <summary>Implements flock through SETLK with LK_FLOCK (else the kernel keeps them local).</summary>
    public bool FlockLocks { get; init; } = true;
    /// <summary>Serve READDIRPLUS, adaptively chosen by the kernel.</summary>
    public bool ReaddirPlus { get; init; } = true;
    /// <summary>Drop the page cache when mtime or size change on revalidation.</summary>
    public bool AutoInvalidateData { get; init; } = true;
    /// <summary>Let the kernel cache the page cache in write-back mode (not for shared file systems).</summary>
    public bool WritebackCache { get; init; }
    /// <summary>Cache READLINK answers (invalidate with InvalidateInode).</summary>
    public bool CacheSymlinks { get; init; } = true;
    /// <summary>The kernel applies no umask; CREATE/MKDIR/MKNOD carry it and the file system applies it.</summary>
    public bool DontMask { get; init; }
    /// <summary>Largest WRITE payload in bytes (capped at 1 MiB by the kernel's max_pages limit).</summary>
    public uint MaxWrite { get; init; } = 1024 * 1024;
    /// <summary>Largest readahead the kernel may ask for.</summary>
    public uint MaxReadahead { get; init; } = 1024 * 1024;
    /// <summary>Asynchronous requests the kernel may queue (max_background).</summary>
    public ushort MaxBackground { get; init; } = 64;
    /// <summary>Timestamp granularity in nanoseconds (1 = full nanosecond precision).</summary>
    public uint TimeGranularity { get; init; } = 1;
}
