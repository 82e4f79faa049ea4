using System.Runtime.InteropServices;

namespace DynamoFS.Fuse.Native;

/// <summary>
/// An owned file descriptor. As a SafeHandle it cannot be closed while a read() or write() on it
/// is in progress (the runtime ref-counts it), so a reply or notification racing the session's
/// shutdown never writes into a recycled fd number.
/// </summary>
internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd) : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The raw fd; only valid between DangerousAddRef and DangerousRelease.</summary>
    public int RawFd => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Libc.Close((int)handle.ToInt64()) == 0;
}
