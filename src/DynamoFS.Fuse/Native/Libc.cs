using System.Runtime.InteropServices;

namespace DynamoFS.Fuse.Native;

/// <summary>
/// The libc calls the FUSE layer needs and .NET does not offer: raw read/write on /dev/fuse,
/// mount/umount2, socketpair/recvmsg for fusermount3's fd passing. All of them set errno, read
/// with <see cref="Marshal.GetLastPInvokeError"/>. Constants are the Linux x86-64/arm64 values.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    public const int O_RDWR = 2;
    public const int O_CLOEXEC = 0x80000;
    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;
    public const int AF_UNIX = 1;
    public const int SOCK_STREAM = 1;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SCM_RIGHTS = 1;
    public const ulong MS_RDONLY = 1;
    public const ulong MS_NOSUID = 2;
    public const ulong MS_NODEV = 4;
    public const int MNT_DETACH = 2;
    /// <summary>_IOR(229, 0, uint32_t): attach a fresh /dev/fuse fd to an existing session.</summary>
    public const nuint FUSE_DEV_IOC_CLONE = 0x8004E500;

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, uint* argument);

    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Lib, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fsType, ulong flags, string data);

    [LibraryImport(Lib, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    [LibraryImport(Lib, EntryPoint = "socketpair", SetLastError = true)]
    public static partial int SocketPair(int domain, int type, int protocol, int* fds);

    [LibraryImport(Lib, EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Lib, EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint RealPath(string path, nint resolved);

    [LibraryImport(Lib, EntryPoint = "free")]
    public static partial void Free(nint pointer);

    /// <summary>MSG_CMSG_CLOEXEC: received descriptors are close-on-exec from the start.</summary>
    public const int MSG_CMSG_CLOEXEC = 0x40000000;

    [LibraryImport(Lib, EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport(Lib, EntryPoint = "getegid")]
    public static partial uint GetEgid();

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (56 bytes on 64-bit Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct cmsghdr (16 bytes on 64-bit Linux); the data follows, aligned to 8.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>realpath(3): the canonical path, as /proc/self/mountinfo shows it; null on failure.</summary>
    public static string? CanonicalPath(string path)
    {
        nint p = RealPath(path, 0);
        if (p == 0) return null;
        try
        {
            return Marshal.PtrToStringUTF8(p);
        }
        finally
        {
            Free(p);
        }
    }

    public static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>strerror-like text for messages (the runtime knows the Linux messages).</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
