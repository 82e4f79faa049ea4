using DynamoFS.Fuse.Native;

namespace DynamoFS.Fuse.Mounting;

/// <summary>
/// The privileged path: open /dev/fuse and mount(2) it directly (needs CAP_SYS_ADMIN). Nothing
/// stays behind to unmount if the process dies, which is why <see cref="FuseMountOptions.AutoUnmount"/>
/// sends mounts through fusermount3 instead.
/// </summary>
internal static class KernelMounter
{
    /// <summary>Mounts; returns the /dev/fuse descriptor, or null with the errno when mount(2) refused.</summary>
    public static FileDescriptor? TryMount(string mountPoint, FuseMountOptions options, out int errno)
    {
        int fd = Libc.Open("/dev/fuse", Libc.O_RDWR | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            errno = Libc.LastErrno;
            throw new FuseMountException($"Cannot open /dev/fuse: {Libc.Describe(errno)}", errno);
        }
        var descriptor = new FileDescriptor(fd);
        string data = MountOptionString.ForKernel(fd, Libc.GetEuid(), Libc.GetEgid(), options);
        string type = string.IsNullOrEmpty(options.Subtype) ? "fuse" : "fuse." + options.Subtype;
        if (Libc.Mount(options.FsName, mountPoint, type, MountOptionString.KernelFlags(options), data) != 0)
        {
            errno = Libc.LastErrno;
            descriptor.Dispose();
            return null;
        }
        errno = 0;
        return descriptor;
    }

    /// <summary>umount2(2); returns 0 or the errno.</summary>
    public static int Unmount(string mountPoint, bool lazy) =>
        Libc.Umount2(mountPoint, lazy ? Libc.MNT_DETACH : 0) == 0 ? 0 : Libc.LastErrno;
}
