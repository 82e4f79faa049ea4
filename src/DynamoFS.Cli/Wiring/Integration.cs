using Amazon.DynamoDBv2;
using DynamoFS.Cli.Mounting;
using DynamoFS.DynamoDb.Tables;

namespace DynamoFS.Cli.Wiring;

/// <summary>
/// The seams between the CLI and the layers written elsewhere, in one file so integration is one
/// edit: the store's <see cref="IFileSystemInitializer"/> (settings item + root inode) and the
/// mount of the Core file system through DynamoFS.Fuse.FuseMount.MountAsync. Until then they throw.
/// </summary>
public static class Integration
{
    public static IFileSystemInitializer Initializer { get; } = new PendingInitializer();

    public static IFileSystemMounter Mounter { get; } = new PendingMounter();

    private sealed class PendingInitializer : IFileSystemInitializer
    {
        public Task InitializeAsync(IAmazonDynamoDB client, string table, FormatOptions options, CancellationToken cancellationToken) =>
            throw new NotImplementedException("wired in integration");

        public Task<FileSystemFormat?> ReadFormatAsync(IAmazonDynamoDB client, string table, CancellationToken cancellationToken) =>
            throw new NotImplementedException("wired in integration");
    }

    /// <summary>
    /// To wire: build the Core file system over request.Client/request.Url.Table (with
    /// request.Settings' timeouts), then
    /// <c>var mount = await FuseMount.MountAsync(request.MountPoint, fs, request.FuseOptions, request.LoggerFactory, ct)</c>
    /// and return an IMountedFileSystem over it (Completion, UnmountAsync, UnmountOnSignals, DisposeAsync).
    /// Optionally override UnmountAsync(mountPoint) with FuseMount.Unmount(mountPoint, lazy: true);
    /// the default (fusermount3 -u -z, then umount2) works meanwhile.
    /// </summary>
    private sealed class PendingMounter : IFileSystemMounter
    {
        public Task<IMountedFileSystem> MountAsync(MountRequest request, CancellationToken cancellationToken) =>
            throw new NotImplementedException("wired in integration");
    }
}
