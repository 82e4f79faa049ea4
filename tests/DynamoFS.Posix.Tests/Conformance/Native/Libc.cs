using System.Runtime.InteropServices;

namespace DynamoFS.Posix.Tests.Conformance.Native;

/// <summary>Raw libc entry points. Use <see cref="Sys"/>, which returns <see cref="Errno"/>.</summary>
internal static unsafe class Libc
{
    private const string L = "libc";

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_EMPTY_PATH = 0x1000;
    public const uint STATX_BASIC_STATS = 0x7ff;
    public const long UTIME_NOW = (1L << 30) - 1;
    public const long UTIME_OMIT = (1L << 30) - 2;
    public const int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3, SEEK_HOLE = 4;
    public const uint RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2;
    public const int XATTR_CREATE = 1, XATTR_REPLACE = 2;

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Sec;
        public long Nsec;
    }

    [DllImport(L, SetLastError = true)] public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mode);
    [DllImport(L, SetLastError = true)] public static extern int close(int fd);
    [DllImport(L, SetLastError = true)] public static extern nint read(int fd, byte* buf, nint count);
    [DllImport(L, SetLastError = true)] public static extern nint write(int fd, byte* buf, nint count);
    [DllImport(L, SetLastError = true)] public static extern nint pread(int fd, byte* buf, nint count, long offset);
    [DllImport(L, SetLastError = true)] public static extern nint pwrite(int fd, byte* buf, nint count, long offset);
    [DllImport(L, SetLastError = true)] public static extern long lseek(int fd, long offset, int whence);
    [DllImport(L, SetLastError = true)] public static extern int ftruncate(int fd, long length);
    [DllImport(L, SetLastError = true)] public static extern int truncate([MarshalAs(UnmanagedType.LPUTF8Str)] string path, long length);
    [DllImport(L, SetLastError = true)] public static extern int fallocate(int fd, int mode, long offset, long len);
    [DllImport(L, SetLastError = true)] public static extern int fsync(int fd);
    [DllImport(L, SetLastError = true)] public static extern int chmod([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
    [DllImport(L, SetLastError = true)] public static extern int fchmod(int fd, uint mode);
    [DllImport(L, SetLastError = true)] public static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint uid, uint gid);
    [DllImport(L, SetLastError = true)] public static extern int lchown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint uid, uint gid);
    [DllImport(L, SetLastError = true)] public static extern int link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
    [DllImport(L, SetLastError = true)] public static extern int symlink([MarshalAs(UnmanagedType.LPUTF8Str)] string target, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);
    [DllImport(L, SetLastError = true)] public static extern nint readlink([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* buf, nint size);
    [DllImport(L, SetLastError = true)] public static extern int unlink([MarshalAs(UnmanagedType.LPUTF8Str)] string path);
    [DllImport(L, SetLastError = true)] public static extern int rmdir([MarshalAs(UnmanagedType.LPUTF8Str)] string path);
    [DllImport(L, SetLastError = true)] public static extern int mkdir([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
    [DllImport(L, SetLastError = true)] public static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
    [DllImport(L, SetLastError = true)] public static extern int mknod([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode, ulong dev);
    [DllImport(L, SetLastError = true)] public static extern int rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
    [DllImport(L, SetLastError = true)] public static extern int renameat2(int oldDirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, uint flags);
    [DllImport(L, SetLastError = true)] public static extern int utimensat(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, Timespec* times, int flags);
    [DllImport(L, SetLastError = true)] public static extern int statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buf);
    [DllImport(L, SetLastError = true)] public static extern int setxattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, byte* value, nint size, int flags);
    [DllImport(L, SetLastError = true)] public static extern int lsetxattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, byte* value, nint size, int flags);
    [DllImport(L, SetLastError = true)] public static extern nint getxattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, byte* value, nint size);
    [DllImport(L, SetLastError = true)] public static extern nint listxattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* list, nint size);
    [DllImport(L, SetLastError = true)] public static extern int removexattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);
    [DllImport(L, SetLastError = true)] public static extern uint umask(uint mask);

    /// <summary>Maps the portable <see cref="OpenFlags"/> to this architecture's values.</summary>
    public static int Native(OpenFlags flags)
    {
        var v = (int)flags;
        if (RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm)
        {
            // asm-generic differs from x86 for these two on arm.
            v &= ~((int)OpenFlags.O_DIRECTORY | (int)OpenFlags.O_NOFOLLOW);
            if (flags.HasFlag(OpenFlags.O_DIRECTORY)) v |= 0x4000;
            if (flags.HasFlag(OpenFlags.O_NOFOLLOW)) v |= 0x8000;
        }
        return v;
    }
}
