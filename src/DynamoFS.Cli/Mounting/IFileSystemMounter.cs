namespace DynamoFS.Cli.Mounting;

/// <summary>
/// Builds the file system over a formatted table and mounts it: the one place where the CLI meets
/// the Core file system and the FUSE session. The CLI does everything around it (URL, DynamoDB
/// connection, checks, daemonizing, logging); the implementation lives in Wiring/.
/// </summary>
public interface IFileSystemMounter
{
    /// <summary>
    /// Mounts and returns once the kernel has the mount (so a reader of /proc/self/mountinfo sees
    /// it). Throw <see cref="CliException"/> for failures the user can fix.
    /// </summary>
    Task<IMountedFileSystem> MountAsync(MountRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// `dynamofs umount`: lazily unmounts a DynamoFS mount point this process did not mount.
    /// Defaults to fusermount3 -u -z, then umount2(MNT_DETACH); integration may route it to
    /// FuseMount.Unmount. Throw <see cref="CliException"/> ("not mounted: ...") when there is nothing to do.
    /// </summary>
    Task UnmountAsync(string mountPoint, CancellationToken cancellationToken) => Unmounter.UnmountAsync(mountPoint, cancellationToken);
}
