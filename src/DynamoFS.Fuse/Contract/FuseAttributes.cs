namespace DynamoFS.Fuse;

/// <summary>A timestamp as the kernel carries it: seconds since the epoch and nanoseconds.</summary>
public readonly record struct FuseTime(long Seconds, uint Nanoseconds)
{
    public static FuseTime FromDateTime(DateTime utc)
    {
        long ticks = utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rem);
        if (rem < 0) { seconds--; rem += TimeSpan.TicksPerSecond; }
        return new FuseTime(seconds, (uint)(rem * 100));
    }

    /// <summary>Nanoseconds since the epoch (fits a long until the year 2262).</summary>
    public long TotalNanoseconds => Seconds * 1_000_000_000L + Nanoseconds;

    public static FuseTime FromNanoseconds(long ns)
    {
        long s = Math.DivRem(ns, 1_000_000_000L, out long rem);
        if (rem < 0) { s--; rem += 1_000_000_000L; }
        return new FuseTime(s, (uint)rem);
    }

    public static FuseTime Now => FromNanoseconds((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100);
}

/// <summary>
/// The attributes of an inode as the kernel sees them (struct fuse_attr). Mode carries the file
/// type bits (S_IFMT) as well as the permission bits.
/// </summary>
public readonly record struct FuseAttributes
{
    public ulong Inode { get; init; }
    public ulong Size { get; init; }
    /// <summary>Allocated space in 512-byte units.</summary>
    public ulong Blocks { get; init; }
    public FuseTime AccessTime { get; init; }
    public FuseTime ModifyTime { get; init; }
    public FuseTime ChangeTime { get; init; }
    public uint Mode { get; init; }
    public uint Links { get; init; }
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public uint Rdev { get; init; }
    /// <summary>Preferred I/O size reported in st_blksize; 0 lets the kernel choose.</summary>
    public uint BlockSize { get; init; }
}

/// <summary>File type bits of a mode (S_IFMT and friends).</summary>
public static class FileMode
{
    public const uint TypeMask = 0xF000; // S_IFMT
    public const uint Socket = 0xC000;   // S_IFSOCK
    public const uint Symlink = 0xA000;  // S_IFLNK
    public const uint Regular = 0x8000;  // S_IFREG
    public const uint Block = 0x6000;    // S_IFBLK
    public const uint Directory = 0x4000;// S_IFDIR
    public const uint Char = 0x2000;     // S_IFCHR
    public const uint Fifo = 0x1000;     // S_IFIFO
    public const uint SetUid = 0x800;
    public const uint SetGid = 0x400;
    public const uint Sticky = 0x200;
    public const uint PermissionMask = 0xFFF;

    public static bool IsDirectory(uint mode) => (mode & TypeMask) == Directory;
    public static bool IsRegular(uint mode) => (mode & TypeMask) == Regular;
    public static bool IsSymlink(uint mode) => (mode & TypeMask) == Symlink;

    /// <summary>The d_type a directory record carries: (mode &amp; S_IFMT) &gt;&gt; 12.</summary>
    public static uint DirentType(uint mode) => (mode & TypeMask) >> 12;
}
