using System.Runtime.InteropServices;
using System.Text;

namespace DynamoFS.Posix.Tests.Conformance.Native;

/// <summary>Special values for utimensat.</summary>
public static class Utime
{
    public static readonly Ts Now = new(0, (uint)Libc.UTIME_NOW);
    public static readonly Ts Omit = new(0, (uint)Libc.UTIME_OMIT);
}

/// <summary>fallocate(2) modes.</summary>
[Flags]
public enum FallocMode
{
    Default = 0,
    KeepSize = 0x01,
    PunchHole = 0x02,
    CollapseRange = 0x08,
    ZeroRange = 0x10,
    InsertRange = 0x20,
}

/// <summary>An open file descriptor; closed on dispose.</summary>
public sealed unsafe class Fd : IDisposable
{
    public int Value { get; private set; }
    internal Fd(int value) => Value = value;

    public Errno Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var n = Libc.write(Value, p, data.Length);
            if (n < 0) return Sys.LastErrno();
            return n == data.Length ? Errno.OK : throw new IOException($"short write {n}/{data.Length}");
        }
    }

    public Errno Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    public Errno PWrite(ReadOnlySpan<byte> data, long offset)
    {
        fixed (byte* p = data)
        {
            var n = Libc.pwrite(Value, p, data.Length, offset);
            if (n < 0) return Sys.LastErrno();
            return n == data.Length ? Errno.OK : throw new IOException($"short pwrite {n}/{data.Length}");
        }
    }

    /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    public Errno PRead(long offset, int count, out byte[] data)
    {
        var buf = new byte[count];
        long total = 0;
        fixed (byte* p = buf)
        {
            while (total < count)
            {
                var n = Libc.pread(Value, p + total, (nint)(count - total), offset + total);
                if (n < 0) { data = []; return Sys.LastErrno(); }
                if (n == 0) break;
                total += n;
            }
        }
        data = buf[..(int)total];
        return Errno.OK;
    }

    public Errno Seek(long offset, int whence, out long result)
    {
        result = Libc.lseek(Value, offset, whence);
        return result < 0 ? Sys.LastErrno() : Errno.OK;
    }

    public Errno Truncate(long length) => Sys.Check(Libc.ftruncate(Value, length));
    public Errno Fallocate(FallocMode mode, long offset, long len) => Sys.Check(Libc.fallocate(Value, (int)mode, offset, len));
    public Errno Fsync() => Sys.Check(Libc.fsync(Value));
    public Errno Fchmod(uint mode) => Sys.Check(Libc.fchmod(Value, mode));

    public StatInfo Stat()
    {
        var buf = stackalloc byte[256];
        if (Libc.statx(Value, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, buf) != 0)
            throw new IOException($"fstat: {Sys.LastErrno()}");
        return StatInfo.FromStatx(buf);
    }

    public void Dispose()
    {
        if (Value >= 0) Libc.close(Value);
        Value = -1;
    }
}

/// <summary>libc calls made by this (root) process, each returning <see cref="Errno"/>.</summary>
public static unsafe class Sys
{
    public static Errno LastErrno() => (Errno)Marshal.GetLastPInvokeError();
    internal static Errno Check(int rc) => rc == 0 ? Errno.OK : LastErrno();
    private static Errno Check(nint rc) => rc >= 0 ? Errno.OK : LastErrno();

    public static Errno Open(string path, OpenFlags flags, uint mode, out Fd fd)
    {
        var v = Libc.open(path, Libc.Native(flags | OpenFlags.O_CLOEXEC), mode);
        fd = new Fd(v);
        return v < 0 ? LastErrno() : Errno.OK;
    }

    public static Errno Open(string path, OpenFlags flags, uint mode = 0)
    {
        var e = Open(path, flags, mode, out var fd);
        fd.Dispose();
        return e;
    }

    /// <summary>Opens or throws.</summary>
    public static Fd OpenFd(string path, OpenFlags flags, uint mode = 0)
    {
        var e = Open(path, flags, mode, out var fd);
        return e == Errno.OK ? fd : throw new IOException($"open {path} {flags}: {e}");
    }

    public static Errno Stat(string path, out StatInfo st) => StatX(path, 0, out st);
    public static Errno Lstat(string path, out StatInfo st) => StatX(path, Libc.AT_SYMLINK_NOFOLLOW, out st);

    private static Errno StatX(string path, int flags, out StatInfo st)
    {
        var buf = stackalloc byte[256];
        var rc = Libc.statx(Libc.AT_FDCWD, path, flags, Libc.STATX_BASIC_STATS, buf);
        st = rc == 0 ? StatInfo.FromStatx(buf) : null!;
        return Check(rc);
    }

    public static Errno Chmod(string path, uint mode) => Check(Libc.chmod(path, mode));
    public static Errno Chown(string path, uint uid, uint gid) => Check(Libc.chown(path, uid, gid));
    public static Errno Lchown(string path, uint uid, uint gid) => Check(Libc.lchown(path, uid, gid));
    public static Errno Link(string oldPath, string newPath) => Check(Libc.link(oldPath, newPath));
    public static Errno Symlink(string target, string path) => Check(Libc.symlink(target, path));
    public static Errno Unlink(string path) => Check(Libc.unlink(path));
    public static Errno Rmdir(string path) => Check(Libc.rmdir(path));
    public static Errno Mkdir(string path, uint mode) => Check(Libc.mkdir(path, mode));
    public static Errno Mkfifo(string path, uint mode) => Check(Libc.mkfifo(path, mode));
    public static Errno Rename(string oldPath, string newPath) => Check(Libc.rename(oldPath, newPath));
    public static Errno Truncate(string path, long length) => Check(Libc.truncate(path, length));

    /// <summary>mknod with a glibc-encoded dev_t (gnu_dev_makedev).</summary>
    public static Errno Mknod(string path, uint mode, uint major = 0, uint minor = 0)
    {
        ulong dev = ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8)
                    | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);
        return Check(Libc.mknod(path, mode, dev));
    }

    public static Errno Renameat2(string oldPath, string newPath, uint flags) =>
        Check(Libc.renameat2(Libc.AT_FDCWD, oldPath, Libc.AT_FDCWD, newPath, flags));

    public static Errno Readlink(string path, out string target)
    {
        var buf = stackalloc byte[8192];
        var n = Libc.readlink(path, buf, 8192);
        target = n >= 0 ? Encoding.UTF8.GetString(buf, (int)n) : "";
        return Check(n);
    }

    /// <summary>utimensat; null times = "both now" (times == NULL).</summary>
    public static Errno Utimens(string path, Ts? atime, Ts? mtime, bool noFollow = false)
    {
        var flags = noFollow ? Libc.AT_SYMLINK_NOFOLLOW : 0;
        if (atime is null && mtime is null) return Check(Libc.utimensat(Libc.AT_FDCWD, path, null, flags));
        var ts = stackalloc Libc.Timespec[2];
        ts[0] = new Libc.Timespec { Sec = atime!.Value.Sec, Nsec = atime.Value.Nsec };
        ts[1] = new Libc.Timespec { Sec = mtime!.Value.Sec, Nsec = mtime.Value.Nsec };
        return Check(Libc.utimensat(Libc.AT_FDCWD, path, ts, flags));
    }

    public static Errno SetXattr(string path, string name, ReadOnlySpan<byte> value, int flags = 0, bool noFollow = false)
    {
        fixed (byte* p = value)
        {
            // A non-null pointer even for an empty value.
            var q = p == null ? (byte*)&flags : p;
            return Check(noFollow
                ? Libc.lsetxattr(path, name, q, value.Length, flags)
                : Libc.setxattr(path, name, q, value.Length, flags));
        }
    }

    public static Errno SetXattr(string path, string name, string value, int flags = 0) =>
        SetXattr(path, name, Encoding.UTF8.GetBytes(value), flags);

    /// <summary>getxattr into a buffer of <paramref name="bufferSize"/> bytes (0 = size query).</summary>
    public static Errno GetXattr(string path, string name, int bufferSize, out byte[] value, out long size)
    {
        var buf = new byte[Math.Max(bufferSize, 1)];
        fixed (byte* p = buf)
        {
            var n = Libc.getxattr(path, name, bufferSize == 0 ? null : p, bufferSize);
            size = n;
            value = n >= 0 && bufferSize > 0 ? buf[..(int)n] : [];
            return Check(n);
        }
    }

    public static Errno GetXattr(string path, string name, out string value)
    {
        var e = GetXattr(path, name, 128 * 1024, out var bytes, out _);
        value = Encoding.UTF8.GetString(bytes);
        return e;
    }

    public static Errno ListXattr(string path, out string[] names)
    {
        var buf = new byte[256 * 1024];
        fixed (byte* p = buf)
        {
            var n = Libc.listxattr(path, p, buf.Length);
            names = n > 0 ? Encoding.UTF8.GetString(buf, 0, (int)n).Split('\0', StringSplitOptions.RemoveEmptyEntries) : [];
            return Check(n);
        }
    }

    public static Errno RemoveXattr(string path, string name) => Check(Libc.removexattr(path, name));

    public static uint Umask(uint mask) => Libc.umask(mask);
}
