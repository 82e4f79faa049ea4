using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// The safety net every other test relies on: a request the file system never answers makes
/// <see cref="MemoryMount.Run"/> fail after its timeout, aborting the connection unblocks the
/// stuck system call, and the session still ends and leaves nothing mounted.
/// </summary>
public sealed class HungRequestTests
{
    [Fact]
    public async Task AHungRequestIsAbortedAndTheMountStillGoesAway()
    {
        var never = new TaskCompletionSource();
        var fs = new MemoryFileSystem { LookupGate = never.Task };
        var m = await MemoryMount.StartAsync(fs);
        SysResult stuck = default;
        try
        {
            await Assert.ThrowsAsync<TimeoutException>(() => m.Run(() => stuck = Sys.Stat(m["nobody-answers"], out _), timeoutSeconds: 2));
            // The abort ends the stuck stat(2) with ENOTCONN (or ECONNABORTED).
            Assert.True(await Wait.Until(() => stuck.Errno != 0, 10_000), "the stuck stat never returned");
        }
        finally
        {
            await m.DisposeAsync();
        }
        Assert.True(m.Mount.Completion.IsCompleted);
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mounts"), line => line.Contains(m.Root, StringComparison.Ordinal));
    }
}
