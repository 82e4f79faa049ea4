using System.Diagnostics;

namespace DynamoFS.Fuse.Tests.Mounting;

/// <summary>
/// FUSE_INTERRUPT from a real kernel: a reader blocked in a READ that never completes is sent a
/// signal; the kernel interrupts the request, the session cancels the handler's token, the
/// handler answers EINTR, and the reader dies promptly instead of hanging.
/// </summary>
[Collection(MountCollection.Name)]
public class KernelInterruptTests
{
    /// <summary>Root with one file, "slow", whose reads block until interrupted (direct I/O, so reads are synchronous requests).</summary>
    private sealed class SlowFileSystem : IFuseFileSystem
    {
        public readonly TaskCompletionSource ReadStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource ReadInterrupted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private static FuseAttributes Attr(ulong node) => node == 1
            ? new FuseAttributes { Inode = 1, Mode = FileMode.Directory | 0x1ED, Links = 2 }
            : new FuseAttributes { Inode = 2, Mode = FileMode.Regular | 0x1A4, Links = 1, Size = 4096 };

        public FuseInitSettings Init(IFuseNotifier notifier) => new() { PosixLocks = false, FlockLocks = false };

        public ValueTask<FuseResult<FuseEntry>> Lookup(FuseContext ctx, ulong parent, FuseName name) =>
            ValueTask.FromResult(name.ToString() == "slow"
                ? FuseResult<FuseEntry>.Ok(new FuseEntry { NodeId = 2, Attributes = Attr(2) })
                : FuseResult<FuseEntry>.Fail(Errno.ENOENT));

        public ValueTask<FuseResult<FuseAttributeReply>> GetAttr(FuseContext ctx, ulong nodeId, ulong? handle) =>
            ValueTask.FromResult(FuseResult<FuseAttributeReply>.Ok(new FuseAttributeReply(Attr(nodeId), TimeSpan.Zero)));

        public ValueTask<FuseResult<FuseOpenReply>> Open(FuseContext ctx, ulong nodeId, int flags, bool killSuidGid) =>
            ValueTask.FromResult(FuseResult<FuseOpenReply>.Ok(new FuseOpenReply(1, FuseOpenFlags.DirectIo)));

        public ValueTask<int> Release(FuseContext ctx, ulong nodeId, ulong handle, int flags, bool releaseFlock, ulong lockOwner) =>
            ValueTask.FromResult(0);

        public async ValueTask<FuseResult<int>> Read(FuseContext ctx, ulong nodeId, ulong handle, long offset, Memory<byte> destination, ulong? lockOwner)
        {
            ReadStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.Cancellation);
            }
            catch (OperationCanceledException)
            {
                ReadInterrupted.TrySetResult();
                return FuseResult<int>.Fail(Errno.EINTR);
            }
            return 0;
        }
    }

    [Fact]
    public async Task SignalledReaderIsInterruptedAndTheHandlerSeesCancellation()
    {
        using var mp = new TempMountPoint();
        var fs = new SlowFileSystem();
        await using var mount = await FuseMount.MountAsync(mp.Path, fs, new FuseMountOptions
        {
            FsName = "dynamofs-test", Subtype = "dynamofs-test", AutoUnmount = false, ReaderThreads = 2,
        });
        var psi = new ProcessStartInfo("cat") { UseShellExecute = false, RedirectStandardOutput = true };
        psi.ArgumentList.Add(mp.File("slow"));
        using var cat = Process.Start(psi)!;
        try
        {
            await fs.ReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
            using (var kill = Process.Start("kill", ["-INT", cat.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            await fs.ReadInterrupted.Task.WaitAsync(TimeSpan.FromSeconds(5));
            await cat.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            if (!cat.HasExited) cat.Kill();
        }
    }
}
