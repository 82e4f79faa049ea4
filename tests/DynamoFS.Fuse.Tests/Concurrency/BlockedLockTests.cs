using System.Diagnostics;
using DynamoFS.Fuse.Tests.Memory;
using DynamoFS.Fuse.Tests.Syscalls;

namespace DynamoFS.Fuse.Tests.Concurrency;

/// <summary>
/// SETLKW can wait for a long time. The session must serve it without parking a reader thread,
/// and must turn an interrupt into EINTR for the waiting caller.
/// </summary>
public sealed class BlockedLockTests
{
    private const int SigUsr1 = 10;

    [Fact]
    public async Task WaitingLocksDoNotStallOtherRequests()
    {
        await using var m = await MemoryMount.StartAsync();
        // More waiters than the session has reader threads: a session that blocks a reader per
        // SETLKW would stop answering altogether.
        int waiters = new FuseMountOptions().ReaderThreads + 4;
        await m.Run(() =>
        {
            File.WriteAllBytes(m["locked"], new byte[4096]);
            File.WriteAllBytes(m["other"], new byte[4096]);
            int fd = Sys.OpenOrThrow(m["locked"], Sys.ORdWr);
            var lk = Flock.Of(Sys.FWrLck, 0, 0);
            Sys.Fcntl(fd, Sys.FSetLk, ref lk).Check();

            var helpers = Enumerable.Range(0, waiters).Select(_ => LockHelper.Start("wait", m["locked"])).ToList();
            try
            {
                Assert.True(Wait.Until(() => m.Fs.BlockedLockWaiters == waiters, 10_000).Result,
                    $"{m.Fs.BlockedLockWaiters} of {waiters} SETLKW requests arrived");

                var slowest = TimeSpan.Zero;
                var buf = new byte[4096];
                int other = Sys.OpenOrThrow(m["other"], Sys.ORdOnly);
                for (int i = 0; i < 200; i++)
                {
                    var sw = Stopwatch.StartNew();
                    Sys.Stat(m["other"], out _).Check();
                    Sys.PRead(other, buf, 0).Check();
                    if (sw.Elapsed > slowest) slowest = sw.Elapsed;
                }
                Sys.Close(other).Check();
                Assert.True(slowest < TimeSpan.FromSeconds(1), $"slowest stat+read took {slowest}");
                Assert.Equal(waiters, m.Fs.BlockedLockWaiters);

                // Let go: each waiter takes the lock in turn, and passes it on when it exits.
                lk = Flock.Of(Sys.FUnLck, 0, 0);
                Sys.Fcntl(fd, Sys.FSetLk, ref lk).Check();
                var pending = helpers.ToDictionary(h => h.NextLineAsync(), h => h);
                while (pending.Count > 0)
                {
                    var done = Task.WhenAny(pending.Keys).Wait(TimeSpan.FromSeconds(10))
                        ? pending.Keys.First(t => t.IsCompleted) : null;
                    Assert.NotNull(done);
                    Assert.Equal("rc=0 errno=0", done.Result);
                    pending.Remove(done, out var helper);
                    helper!.Dispose();
                }
            }
            finally
            {
                foreach (var h in helpers) h.Dispose();
                Sys.Close(fd);
            }
        }, timeoutSeconds: 60);
    }

    [Fact]
    public async Task InterruptedWaitReturnsEintr()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            File.WriteAllBytes(m["locked"], new byte[16]);
            int fd = Sys.OpenOrThrow(m["locked"], Sys.ORdWr);
            var lk = Flock.Of(Sys.FWrLck, 0, 0);
            Sys.Fcntl(fd, Sys.FSetLk, ref lk).Check();
            using var waiter = LockHelper.Start("wait", m["locked"]);
            Assert.True(Wait.Until(() => m.Fs.BlockedLockWaiters == 1).Result);

            Sys.Kill(waiter.Pid, SigUsr1).Check(); // the helper's handler has no SA_RESTART
            Assert.Equal(Errno.EINTR, waiter.WaitResult(TimeSpan.FromSeconds(10)));
            Assert.True(Wait.Until(() => m.Fs.BlockedLockWaiters == 0).Result);
            Sys.Close(fd).Check();
        });
        Assert.True(m.Fs.Calls.Count(Op.Interrupt) >= 1);
    }
}
