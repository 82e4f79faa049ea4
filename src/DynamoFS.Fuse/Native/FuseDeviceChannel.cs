using DynamoFS.Fuse.Session;

namespace DynamoFS.Fuse.Native;

/// <summary>
/// A /dev/fuse file descriptor used with plain blocking read()/write() on dedicated threads: the
/// runtime's async file I/O does not work on this device, and each read must return one whole
/// request while each write must carry one whole reply.
/// </summary>
internal sealed unsafe class FuseDeviceChannel : IFuseChannel
{
    private const int EIO = 5;
    private readonly FileDescriptor _fd;

    public FuseDeviceChannel(FileDescriptor fd) => _fd = fd;

    public int Read(Span<byte> buffer)
    {
        bool added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            fixed (byte* p = buffer)
            {
                nint n = Libc.Read(_fd.RawFd, p, (nuint)buffer.Length);
                return n < 0 ? -Libc.LastErrno : (int)n;
            }
        }
        catch (ObjectDisposedException)
        {
            return -Errno.ENODEV; // closed under us: treat as the end of the session
        }
        finally
        {
            if (added) _fd.DangerousRelease();
        }
    }

    public int Write(ReadOnlySpan<byte> message)
    {
        bool added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            fixed (byte* p = message)
            {
                nint n = Libc.Write(_fd.RawFd, p, (nuint)message.Length);
                if (n < 0) return Libc.LastErrno;
                return n == message.Length ? 0 : EIO;
            }
        }
        catch (ObjectDisposedException)
        {
            return Errno.ENODEV;
        }
        finally
        {
            if (added) _fd.DangerousRelease();
        }
    }

    public IFuseChannel? TryClone()
    {
        int clone = Libc.Open("/dev/fuse", Libc.O_RDWR | Libc.O_CLOEXEC);
        if (clone < 0) return null;
        bool added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            uint source = (uint)_fd.RawFd;
            if (Libc.Ioctl(clone, Libc.FUSE_DEV_IOC_CLONE, &source) != 0)
            {
                Libc.Close(clone);
                return null;
            }
            return new FuseDeviceChannel(new FileDescriptor(clone));
        }
        catch (ObjectDisposedException)
        {
            Libc.Close(clone);
            return null;
        }
        finally
        {
            if (added) _fd.DangerousRelease();
        }
    }

    public void Dispose() => _fd.Dispose();
}
