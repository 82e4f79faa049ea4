using System.Runtime.InteropServices;
using DynamoFS.Fuse.Mounting;
using DynamoFS.Fuse.Native;
using DynamoFS.Fuse.Session;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoFS.Fuse;

/// <summary>
/// A mounted FUSE file system served by this process.
/// <para>
/// Mount paths: with <see cref="FuseMountOptions.AutoUnmount"/> (the default) or
/// <see cref="FuseMountOptions.ForceFusermount"/>, fusermount3 mounts and hands over the
/// /dev/fuse descriptor; with auto_unmount it stays behind and unmounts when this process dies,
/// even by SIGKILL. Otherwise mount(2) is used directly (root), falling back to fusermount3 on
/// EPERM; such a mount outlives a killed process (it then fails with ENOTCONN until unmounted).
/// </para>
/// <para>
/// Life cycle: <see cref="MountAsync"/> returns once the kernel's INIT has been answered;
/// <see cref="Completion"/> completes when the session ends for any reason (unmount from here
/// or outside, connection abort); <see cref="DisposeAsync"/> unmounts and waits for it.
/// </para>
/// </summary>
public sealed class FuseMount : IAsyncDisposable
{
    private static readonly TimeSpan UnmountGrace = TimeSpan.FromSeconds(10);

    private readonly FuseSession _session;
    private readonly Fusermount.Result? _fusermount;
    private readonly ILogger _logger;
    private readonly Task _completion;
    private int _connectionId = -1;
    private int _unmountStarted;

    private FuseMount(string mountPoint, FuseSession session, Fusermount.Result? fusermount, ILogger logger)
    {
        MountPoint = mountPoint;
        _session = session;
        _fusermount = fusermount;
        _logger = logger;
        _completion = RunToEndAsync();
    }

    /// <summary>The session serving this mount (tests inspect its lookup table).</summary>
    internal FuseSession Session => _session;

    /// <summary>The canonical path of the mount point.</summary>
    public string MountPoint { get; }

    /// <summary>True when fusermount3 made the mount (auto-unmount, forced, or mount(2) was refused).</summary>
    public bool UsedFusermount => _fusermount is not null;

    /// <summary>The connection id under /sys/fs/fuse/connections (-1 if it could not be found).</summary>
    public int ConnectionId => _connectionId;

    /// <summary>Cache invalidation for this mount (the same notifier the file system got in Init).</summary>
    public IFuseNotifier Notifier => _session.Notifier;

    /// <summary>Completes when the session has ended and the file system has been destroyed.</summary>
    public Task Completion => _completion;

    /// <summary>Mounts <paramref name="fs"/> at <paramref name="mountPoint"/> and returns once the mount is ready (INIT answered).</summary>
    /// <exception cref="FuseMountException">The mount point is missing or not a directory, or mounting failed.</exception>
    public static async Task<FuseMount> MountAsync(string mountPoint, IFuseFileSystem fs, FuseMountOptions options,
        ILoggerFactory? loggerFactory = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mountPoint);
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ReaderThreads < 1) throw new ArgumentOutOfRangeException(nameof(options), "ReaderThreads must be at least 1.");
        if (string.IsNullOrEmpty(options.FsName)) throw new ArgumentException("FsName must not be empty.", nameof(options));
        ct.ThrowIfCancellationRequested();
        string path = ValidateMountPoint(mountPoint);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DynamoFS.Fuse");

        var (device, helper) = await Task.Run(() => MountDevice(path, options), ct).ConfigureAwait(false);
        var session = new FuseSession(fs, new FuseDeviceChannel(device), logger, options.ReaderThreads);
        var mount = new FuseMount(path, session, helper, logger);
        // The mount is listed as soon as mount(2) returns, before INIT: remember which connection is ours.
        mount._connectionId = MountTable.FindFuse(path)?.DeviceMinor ?? -1;
        session.Start();
        try
        {
            await session.Ready.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await mount.DisposeAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException) throw;
            throw new FuseMountException($"Mounting {path} failed: {ex.Message}", 0, ex);
        }
        return mount;
    }

    private static string ValidateMountPoint(string mountPoint)
    {
        string full = Path.GetFullPath(mountPoint);
        if (File.Exists(full))
            throw new FuseMountException($"Mount point {full} is not a directory.", Errno.ENOTDIR);
        if (!Directory.Exists(full))
            throw new FuseMountException($"Mount point {full} does not exist (or is not accessible).", Errno.ENOENT);
        // mountinfo shows canonical paths; use the same so we can find our mount again.
        return Libc.CanonicalPath(full) ?? full;
    }

    private static (FileDescriptor Device, Fusermount.Result? Helper) MountDevice(string path, FuseMountOptions options)
    {
        if (!options.ForceFusermount && !options.AutoUnmount)
        {
            var device = KernelMounter.TryMount(path, options, out int errno);
            if (device is not null) return (device, null);
            if (errno != Errno.EPERM)
                throw new FuseMountException($"mount(2) of {path} failed: {Libc.Describe(errno)}", errno);
        }
        var result = Fusermount.Mount(path, options);
        return (result.Device, result);
    }

    private async Task RunToEndAsync()
    {
        await _session.Completion.ConfigureAwait(false);
        // The session is over; let an auto_unmount helper go (its unmount finds nothing to do).
        _fusermount?.Dispose();
    }

    /// <summary>
    /// Unmounts (lazily: busy files do not block it) and waits for the session to end. If the
    /// session has not ended after a grace period (files still open on a lazily detached mount),
    /// the connection is aborted.
    /// </summary>
    public async Task UnmountAsync()
    {
        if (Interlocked.Exchange(ref _unmountStarted, 1) == 0)
        {
            // Even after the session ended (DESTROY, a failed INIT) a dead mount may remain: remove it.
            try
            {
                await Task.Run(UnmountOwnMount).ConfigureAwait(false);
            }
            catch (FuseMountException ex) when (!_completion.IsCompleted)
            {
                _logger.LogWarning(ex, "Unmounting {MountPoint} failed; aborting the connection", MountPoint);
                Abort();
            }
            catch (FuseMountException ex)
            {
                _logger.LogDebug(ex, "Unmounting {MountPoint} after the session ended failed", MountPoint);
            }
        }
        if (_completion.IsCompleted) return;
        try
        {
            await _completion.WaitAsync(UnmountGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Session at {MountPoint} did not end {Seconds}s after unmount; aborting the connection", MountPoint, UnmountGrace.TotalSeconds);
            Abort();
            await _completion.ConfigureAwait(false);
        }
    }

    private void UnmountOwnMount()
    {
        // Only unmount what is ours: something else may have been mounted on top meanwhile.
        var top = MountTable.FindFuse(MountPoint);
        if (top is null) return; // already unmounted from outside; the session ends by itself
        if (_connectionId < 0 || top.Value.DeviceMinor != _connectionId)
        {
            if (!_completion.IsCompleted) Abort();
            return;
        }
        Unmount(MountPoint, lazy: true);
    }

    private void Abort()
    {
        if (_connectionId >= 0 && MountTable.TryAbortConnection(_connectionId)) return;
        _logger.LogError("Cannot abort FUSE connection {ConnectionId} for {MountPoint}", _connectionId, MountPoint);
    }

    public async ValueTask DisposeAsync() => await UnmountAsync().ConfigureAwait(false);

    /// <summary>
    /// Unmounts a FUSE mount point (for a CLI umount): umount2 as root, else fusermount3 -u.
    /// Lazy detaches it even while files are open.
    /// </summary>
    public static void Unmount(string mountPoint, bool lazy = true)
    {
        ArgumentNullException.ThrowIfNull(mountPoint);
        string path = Path.GetFullPath(mountPoint);
        if (Libc.GetEuid() == 0)
        {
            int errno = KernelMounter.Unmount(path, lazy);
            if (errno == 0) return;
            if (errno != Errno.EPERM)
                throw new FuseMountException($"Unmounting {path} failed: {Libc.Describe(errno)}", errno);
        }
        Fusermount.Unmount(path, lazy);
    }

    /// <summary>
    /// Unmounts cleanly on SIGINT/SIGTERM instead of dying (the default action is cancelled); the
    /// program then ends when <see cref="Completion"/> completes. A second signal while the
    /// unmount is still running takes the default action, so an impatient Ctrl+C still works.
    /// Dispose to restore the defaults.
    /// </summary>
    public IDisposable UnmountOnSignals()
    {
        int received = 0;
        void Handler(PosixSignalContext context)
        {
            if (Interlocked.Increment(ref received) > 1) return; // default action: terminate
            context.Cancel = true;
            _ = UnmountAsync();
        }
        return new SignalRegistrations(
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler));
    }

    private sealed class SignalRegistrations(params PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in registrations) r.Dispose();
        }
    }
}
