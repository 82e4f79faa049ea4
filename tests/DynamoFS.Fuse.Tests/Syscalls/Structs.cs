using System.Runtime.InteropServices;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// struct statx (linux/stat.h). Chosen over struct stat because its layout is the same on every
/// architecture, and because it names the fields we assert on without libc version games.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
public struct StatX
{
    [FieldOffset(0)] public uint Mask;
    [FieldOffset(4)] public uint BlockSize;
    [FieldOffset(16)] public uint Links;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Inode;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(48)] public ulong Blocks;
    [FieldOffset(64)] public StatXTime AccessTime;
    [FieldOffset(96)] public StatXTime ChangeTime;
    [FieldOffset(112)] public StatXTime ModifyTime;
    [FieldOffset(128)] public uint RdevMajor;
    [FieldOffset(132)] public uint RdevMinor;
    [FieldOffset(136)] public uint DevMajor;
    [FieldOffset(140)] public uint DevMinor;

    public readonly uint Type => Mode & FileMode.TypeMask;
    public readonly uint Permissions => Mode & FileMode.PermissionMask;
}

[StructLayout(LayoutKind.Sequential)]
public struct StatXTime
{
    public long Seconds;
    public uint Nanoseconds;
    private int _reserved;

    public readonly long TotalNanoseconds => Seconds * 1_000_000_000L + Nanoseconds;
}

/// <summary>struct flock as on x86-64 and arm64 (short, short, off_t, off_t, pid_t; 32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Flock
{
    public short Type;   // F_RDLCK 0, F_WRLCK 1, F_UNLCK 2
    public short Whence; // SEEK_SET 0
    public long Start;
    public long Length;  // 0 = to end of file
    public int Pid;

    public static Flock Of(short type, long start, long length) => new() { Type = type, Start = start, Length = length };
}

/// <summary>struct timespec for utimensat; nanoseconds may be UTIME_NOW or UTIME_OMIT.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Timespec
{
    public long Seconds;
    public long Nanoseconds;

    public const long UtimeNow = (1L << 30) - 1;
    public const long UtimeOmit = (1L << 30) - 2;
}
