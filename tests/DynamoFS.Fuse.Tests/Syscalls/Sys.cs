using System.Runtime.InteropServices;
using System.Text;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// System calls as tests want them: each returns a <see cref="SysResult"/> carrying the value or
/// the errno, read right after the call (nothing in between may clobber it).
/// </summary>
public static unsafe class Sys
{
    // open(2) flags; O_DIRECTORY, O_DIRECT and O_NOFOLLOW differ between x86-64 and arm64.
    public const int ORdOnly = 0, OWrOnly = 1, ORdWr = 2;
    public const int OCreat = 0x40, OExcl = 0x80, OTrunc = 0x200, OAppend = 0x400;
    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;
    public static readonly int ODirectory = Arm ? 0x4000 : 0x10000;
    public static readonly int ODirect = Arm ? 0x10000 : 0x4000;
    public static readonly int ONoFollow = Arm ? 0x8000 : 0x20000;

    public const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000;
    public const int FGetLk = 5, FSetLk = 6, FSetLkW = 7, FOfdGetLk = 36, FOfdSetLk = 37, FOfdSetLkW = 38;
    public const short FRdLck = 0, FWrLck = 1, FUnLck = 2;
    public const int LockSh = 1, LockEx = 2, LockNb = 4, LockUn = 8;
    public const int SeekSet = 0, SeekCur = 1, SeekEnd = 2, SeekData = 3, SeekHole = 4;
    public const int XattrCreate = 1, XattrReplace = 2;
    public const uint RenameNoReplace = 1, RenameExchange = 2;
    public const int FallocKeepSize = 1, FallocPunchHole = 2;
    public const int ROk = 4, WOk = 2, XOk = 1, FOk = 0;

    private static SysResult R(long rc) => rc < 0 ? new SysResult(rc, Marshal.GetLastPInvokeError()) : new SysResult(rc, 0);

    public static SysResult Open(string path, int flags, uint mode = 0x1A4 /* 0644 */) => R(Libc.open(path, flags, mode));
    public static SysResult OpenAt(int dirfd, string path, int flags, uint mode = 0x1A4) => R(Libc.openat(dirfd, path, flags, mode));
    public static SysResult Close(int fd) => R(Libc.close(fd));

    public static SysResult Read(int fd, Span<byte> buffer) { fixed (byte* p = buffer) return R(Libc.read(fd, p, buffer.Length)); }
    public static SysResult Write(int fd, ReadOnlySpan<byte> data) { fixed (byte* p = data) return R(Libc.write(fd, p, data.Length)); }
    public static SysResult PRead(int fd, Span<byte> buffer, long offset) { fixed (byte* p = buffer) return R(Libc.pread(fd, p, buffer.Length, offset)); }
    public static SysResult PWrite(int fd, ReadOnlySpan<byte> data, long offset) { fixed (byte* p = data) return R(Libc.pwrite(fd, p, data.Length, offset)); }
    public static SysResult PRead(int fd, AlignedBuffer buffer, long offset) => R(Libc.pread(fd, (byte*)buffer.Address, buffer.Length, offset));
    public static SysResult PWrite(int fd, AlignedBuffer data, long offset) => R(Libc.pwrite(fd, (byte*)data.Address, data.Length, offset));

    public static SysResult Stat(string path, out StatX st) => StatX(AtFdCwd, path, 0, out st);
    public static SysResult LStat(string path, out StatX st) => StatX(AtFdCwd, path, AtSymlinkNoFollow, out st);
    public static SysResult FStat(int fd, out StatX st) => StatX(fd, "", AtEmptyPath, out st);

    private static SysResult StatX(int dirfd, string path, int flags, out StatX st)
    {
        StatX buf;
        var r = R(Libc.statx(dirfd, path, flags, 0xFFF /* STATX_BASIC_STATS */, &buf));
        st = buf;
        return r;
    }

    /// <summary>statfs(2): block size, total blocks, free inodes and the longest name.</summary>
    public static SysResult StatFs(string path, out (long BlockSize, long Blocks, long FilesFree, long NameMax) info)
    {
        long* buf = stackalloc long[16]; // struct statfs: f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_fsid, f_namelen, ...
        var r = R(Libc.statfs(path, buf));
        info = (buf[1], buf[2], buf[6], buf[8]);
        return r;
    }

    public static SysResult Mkdir(string path, uint mode = 0x1ED) => R(Libc.mkdir(path, mode));
    public static SysResult Rmdir(string path) => R(Libc.rmdir(path));
    public static SysResult Unlink(string path) => R(Libc.unlink(path));
    public static SysResult Rename(string from, string to) => R(Libc.rename(from, to));
    public static SysResult Rename2(string from, string to, uint flags) => R(Libc.renameat2(AtFdCwd, from, AtFdCwd, to, flags));
    public static SysResult Link(string existing, string newPath) => R(Libc.link(existing, newPath));
    public static SysResult Symlink(string target, string linkPath) => R(Libc.symlink(target, linkPath));
    public static SysResult Mknod(string path, uint mode, ulong dev = 0) => R(Libc.mknod(path, mode, dev));
    public static SysResult Chmod(string path, uint mode) => R(Libc.chmod(path, mode));
    public static SysResult Chown(string path, uint uid, uint gid) => R(Libc.chown(path, uid, gid));
    public static SysResult Access(string path, int mode) => R(Libc.access(path, mode));
    public static SysResult Truncate(string path, long length) => R(Libc.truncate(path, length));
    public static SysResult FTruncate(int fd, long length) => R(Libc.ftruncate(fd, length));
    public static SysResult Fallocate(int fd, int mode, long offset, long length) => R(Libc.fallocate(fd, mode, offset, length));
    public static SysResult LSeek(int fd, long offset, int whence) => R(Libc.lseek(fd, offset, whence));
    public static SysResult Fsync(int fd) => R(Libc.fsync(fd));
    public static SysResult FDataSync(int fd) => R(Libc.fdatasync(fd));
    public static SysResult Flock(int fd, int operation) => R(Libc.flock(fd, operation));
    public static SysResult Kill(int pid, int signal) => R(Libc.kill(pid, signal));

    public static SysResult ReadLink(string path, out string target)
    {
        var buf = new byte[4096];
        fixed (byte* p = buf)
        {
            var r = R(Libc.readlink(path, p, buf.Length));
            target = r.Ok ? Encoding.UTF8.GetString(buf, 0, (int)r.Value) : "";
            return r;
        }
    }

    public static SysResult Fcntl(int fd, int cmd, ref Flock lk) { fixed (Flock* p = &lk) return R(Libc.fcntl(fd, cmd, p)); }

    /// <summary>utimensat on a path; pass <see cref="Timespec.UtimeNow"/> or UtimeOmit as nanoseconds as needed.</summary>
    public static SysResult Utimens(string path, Timespec atime, Timespec mtime, int flags = 0)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = atime;
        times[1] = mtime;
        return R(Libc.utimensat(AtFdCwd, path, times, flags));
    }

    public static SysResult CopyFileRange(int fdIn, long offIn, int fdOut, long offOut, long length) =>
        R(Libc.copy_file_range(fdIn, &offIn, fdOut, &offOut, (nint)length, 0));

    public static SysResult SetXattr(string path, string name, ReadOnlySpan<byte> value, int flags = 0)
    {
        fixed (byte* p = value) return R(Libc.setxattr(path, name, p, value.Length, flags));
    }

    /// <summary>getxattr into a buffer of <paramref name="size"/> bytes (0 probes the size).</summary>
    public static SysResult GetXattr(string path, string name, int size, out byte[] value)
    {
        var buf = new byte[size];
        fixed (byte* p = buf)
        {
            var r = R(Libc.getxattr(path, name, size == 0 ? null : p, size));
            value = r.Ok && size > 0 ? buf[..(int)r.Value] : [];
            return r;
        }
    }

    /// <summary>listxattr into a buffer of <paramref name="size"/> bytes (0 probes the size); names split at NULs.</summary>
    public static SysResult ListXattr(string path, int size, out string[] names)
    {
        var buf = new byte[size];
        fixed (byte* p = buf)
        {
            var r = R(Libc.listxattr(path, size == 0 ? null : p, size));
            names = r.Ok && size > 0
                ? Encoding.UTF8.GetString(buf, 0, (int)r.Value).Split('\0', StringSplitOptions.RemoveEmptyEntries)
                : [];
            return r;
        }
    }

    public static SysResult RemoveXattr(string path, string name) => R(Libc.removexattr(path, name));

    /// <summary>Opens or throws: for setup steps whose failure is not what the test is about.</summary>
    public static int OpenOrThrow(string path, int flags, uint mode = 0x1A4) => (int)Open(path, flags, mode).Check($"open {path}");
}
