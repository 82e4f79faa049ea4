using DynamoFS.Cli.Mounting;
using DynamoFS.Core;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Store;
using DynamoFS.DynamoDb.Tables;
using DynamoFS.Fuse;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Cli.Wiring;

/// <summary>
/// The seams between the CLI and the layers: the store's <see cref="IFileSystemInitializer"/>
/// (settings item + root inode) and the mount of the Core file system over the DynamoDB store
/// through <see cref="FuseMount"/>. One file, so what the CLI builds is visible at a glance.
/// </summary>
public static class Integration
{
    public static IFileSystemInitializer Initializer { get; } = new FileSystemInitializer();

    public static IFileSystemMounter Mounter { get; } = new DynamoFileSystemMounter();

    /// <summary>Request counters of the file system mounted by this process (read by the stats file).</summary>
    public static RequestStats Stats { get; } = new();

    private sealed class DynamoFileSystemMounter : IFileSystemMounter
    {
        public async Task<IMountedFileSystem> MountAsync(MountRequest request, CancellationToken cancellationToken)
        {
            var store = await DynamoMetadataStore.OpenAsync(request.Client, request.Url.Table,
                new StoreOptions { Stats = Stats }, cancellationToken).ConfigureAwait(false);
            var defaults = new FileSystemOptions();
            var fs = new DynamoFileSystem(store, store.Blocks, defaults with
            {
                EntryTimeout = request.Settings.EntryTimeout ?? defaults.EntryTimeout,
                AttributeTimeout = request.Settings.AttributeTimeout ?? defaults.AttributeTimeout,
                NegativeTimeout = request.Settings.NegativeTimeout ?? defaults.NegativeTimeout,
                ReadOnly = request.Settings.ReadOnly,
                BeginOperation = RequestStats.BeginOperation,
                Logger = request.LoggerFactory.CreateLogger("DynamoFS.Core"),
            });
            var mount = await FuseMount.MountAsync(request.MountPoint, fs, request.FuseOptions,
                request.LoggerFactory, cancellationToken).ConfigureAwait(false);
            return new MountedFileSystem(mount, store);
        }

        public Task UnmountAsync(string mountPoint, CancellationToken cancellationToken)
        {
            FuseMount.Unmount(mountPoint, lazy: true);
            return Task.CompletedTask;
        }
    }

    private sealed class MountedFileSystem(FuseMount mount, DynamoMetadataStore store) : IMountedFileSystem
    {
        public Task Completion => mount.Completion;

        public Task UnmountAsync() => mount.UnmountAsync();

        public IDisposable UnmountOnSignals() => mount.UnmountOnSignals();

        public async ValueTask DisposeAsync()
        {
            await mount.DisposeAsync().ConfigureAwait(false);
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
