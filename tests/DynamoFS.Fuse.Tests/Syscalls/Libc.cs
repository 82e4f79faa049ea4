using System.Runtime.InteropServices;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// Raw libc entry points. Tests go through <see cref="Sys"/>, which pairs each result with errno;
/// these are kept separate so every declaration sits in one place.
/// </summary>
internal static unsafe class Libc
{
    private const string Lib = "libc";

    [DllImport(Lib, SetLastError = true)] public static extern int open(string path, int flags, uint mode);
    [DllImport(Lib, SetLastError = true)] public static extern int openat(int dirfd, string path, int flags, uint mode);
    [DllImport(Lib, SetLastError = true)] public static extern int close(int fd);
    [DllImport(Lib, SetLastError = true)] public static extern nint read(int fd, byte* buf, nint count);
    [DllImport(Lib, SetLastError = true)] public static extern nint write(int fd, byte* buf, nint count);
    [DllImport(Lib, SetLastError = true)] public static extern nint pread(int fd, byte* buf, nint count, long offset);
    [DllImport(Lib, SetLastError = true)] public static extern nint pwrite(int fd, byte* buf, nint count, long offset);
    [DllImport(Lib, SetLastError = true)] public static extern int statx(int dirfd, string path, int flags, uint mask, StatX* buf);
    [DllImport(Lib, SetLastError = true)] public static extern int statfs(string path, long* buf);
    [DllImport(Lib, SetLastError = true)] public static extern int mkdir(string path, uint mode);
    [DllImport(Lib, SetLastError = true)] public static extern int rmdir(string path);
    [DllImport(Lib, SetLastError = true)] public static extern int unlink(string path);
    [DllImport(Lib, SetLastError = true)] public static extern int rename(string from, string to);
    [DllImport(Lib, SetLastError = true)] public static extern int renameat2(int olddirfd, string from, int newdirfd, string to, uint flags);
    [DllImport(Lib, SetLastError = true)] public static extern int link(string existing, string newPath);
    [DllImport(Lib, SetLastError = true)] public static extern int symlink(string target, string linkPath);
    [DllImport(Lib, SetLastError = true)] public static extern nint readlink(string path, byte* buf, nint size);
    [DllImport(Lib, SetLastError = true)] public static extern int mknod(string path, uint mode, ulong dev);
    [DllImport(Lib, SetLastError = true)] public static extern int setxattr(string path, string name, byte* value, nint size, int flags);
    [DllImport(Lib, SetLastError = true)] public static extern nint getxattr(string path, string name, byte* value, nint size);
    [DllImport(Lib, SetLastError = true)] public static extern nint listxattr(string path, byte* list, nint size);
    [DllImport(Lib, SetLastError = true)] public static extern int removexattr(string path, string name);
    [DllImport(Lib, SetLastError = true)] public static extern int fcntl(int fd, int cmd, Flock* lk);
    [DllImport(Lib, SetLastError = true)] public static extern int flock(int fd, int operation);
    [DllImport(Lib, SetLastError = true)] public static extern int utimensat(int dirfd, string path, Timespec* times, int flags);
    [DllImport(Lib, SetLastError = true)] public static extern int truncate(string path, long length);
    [DllImport(Lib, SetLastError = true)] public static extern int ftruncate(int fd, long length);
    [DllImport(Lib, SetLastError = true)] public static extern int fallocate(int fd, int mode, long offset, long length);
    [DllImport(Lib, SetLastError = true)] public static extern long lseek(int fd, long offset, int whence);
    [DllImport(Lib, SetLastError = true)] public static extern nint copy_file_range(int fdIn, long* offIn, int fdOut, long* offOut, nint length, uint flags);
    [DllImport(Lib, SetLastError = true)] public static extern int chmod(string path, uint mode);
    [DllImport(Lib, SetLastError = true)] public static extern int chown(string path, uint uid, uint gid);
    [DllImport(Lib, SetLastError = true)] public static extern int access(string path, int mode);
    [DllImport(Lib, SetLastError = true)] public static extern int fsync(int fd);
    [DllImport(Lib, SetLastError = true)] public static extern int fdatasync(int fd);
    [DllImport(Lib, SetLastError = true)] public static extern int kill(int pid, int signal);
}
