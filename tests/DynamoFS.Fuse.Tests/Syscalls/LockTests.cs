using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// GETLK, SETLK, SETLKW and flock through the kernel. Open-file-description (OFD) locks let one
/// process hold conflicting locks on two descriptors; process-owned fcntl locks need the
/// lockwait helper as a second process.
/// </summary>
public sealed class LockTests
{
    [Fact]
    public async Task OfdLocksConflictAcrossDescriptorsAndReportTheHolder()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            File.WriteAllBytes(m["f"], new byte[1000]);
            int a = Sys.OpenOrThrow(m["f"], Sys.ORdWr);
            int b = Sys.OpenOrThrow(m["f"], Sys.ORdWr);
            var lk = Flock.Of(Sys.FWrLck, 0, 100);
            Sys.Fcntl(a, Sys.FOfdSetLk, ref lk).Check();

            lk = Flock.Of(Sys.FRdLck, 50, 10);
            Assert.Equal(Errno.EAGAIN, Sys.Fcntl(b, Sys.FOfdSetLk, ref lk).Errno);
            lk = Flock.Of(Sys.FWrLck, 0, 0);
            Sys.Fcntl(b, Sys.FOfdGetLk, ref lk).Check();
            Assert.Equal(Sys.FWrLck, lk.Type);
            Assert.Equal(0, lk.Start);
            Assert.Equal(100, lk.Length);

            lk = Flock.Of(Sys.FWrLck, 100, 100); // adjacent, not overlapping
            Sys.Fcntl(b, Sys.FOfdSetLk, ref lk).Check();

            // SETLKW waits until the holder lets go.
            var waiter = Task.Run(() => { var w = Flock.Of(Sys.FWrLck, 0, 10); return Sys.Fcntl(b, Sys.FOfdSetLkW, ref w); });
            Assert.True(Wait.Until(() => m.Fs.BlockedLockWaiters == 1).Result);
            Assert.False(waiter.IsCompleted);
            lk = Flock.Of(Sys.FUnLck, 0, 0);
            Sys.Fcntl(a, Sys.FOfdSetLk, ref lk).Check();
            Assert.True(waiter.Wait(TimeSpan.FromSeconds(10)));
            waiter.Result.Check();

            Sys.Close(a).Check();
            Sys.Close(b).Check();
        });
        Assert.True(m.Fs.Calls.Count(Op.SetLock) >= 3);
        Assert.True(m.Fs.Calls.Count(Op.GetLock) >= 1);
        Assert.True(m.Fs.Calls.Count(Op.SetLockWait) >= 1);
    }

    [Fact]
    public async Task ProcessLocksConflictWithAnotherProcessAndDropOnClose()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            File.WriteAllBytes(m["f"], new byte[10]);
            using (var holder = LockHelper.Start("hold", m["f"]))
            {
                Assert.Equal(0, holder.WaitResult(TimeSpan.FromSeconds(10)));
                int fd = Sys.OpenOrThrow(m["f"], Sys.ORdWr);
                var lk = Flock.Of(Sys.FRdLck, 0, 0);
                Sys.Fcntl(fd, Sys.FGetLk, ref lk).Check();
                Assert.Equal(Sys.FWrLck, lk.Type);
                Assert.Equal(holder.Pid, lk.Pid);
                lk = Flock.Of(Sys.FRdLck, 0, 0);
                Assert.Equal(Errno.EAGAIN, Sys.Fcntl(fd, Sys.FSetLk, ref lk).Errno);
                Sys.Close(fd).Check();
            } // the helper exits: its close(2) sends FLUSH with its lock owner

            int mine = Sys.OpenOrThrow(m["f"], Sys.ORdWr);
            var mineLock = Flock.Of(Sys.FWrLck, 0, 0);
            Sys.Fcntl(mine, Sys.FSetLk, ref mineLock).Check();
            using (var other = LockHelper.Start("hold", m["f"]))
                Assert.Equal(Errno.EAGAIN, other.WaitResult(TimeSpan.FromSeconds(10)));
            Sys.Close(mine).Check(); // drops our lock: unlock-on-close is FLUSH's job
            using (var other = LockHelper.Start("hold", m["f"]))
                Assert.Equal(0, other.WaitResult(TimeSpan.FromSeconds(10)));
        });
        Assert.True(m.Fs.Calls.Count(Op.Flush) >= 3);
    }

    [Fact]
    public async Task FlockIsPerOpenFileAndReleasedOnLastClose()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            File.WriteAllBytes(m["f"], []);
            int a = Sys.OpenOrThrow(m["f"], Sys.ORdOnly);
            int b = Sys.OpenOrThrow(m["f"], Sys.ORdOnly);
            Sys.Flock(a, Sys.LockSh).Check();
            Sys.Flock(b, Sys.LockSh).Check(); // shared locks coexist
            Assert.Equal(Errno.EAGAIN, Sys.Flock(b, Sys.LockEx | Sys.LockNb).Errno);
            Sys.Flock(b, Sys.LockUn).Check();
            Sys.Flock(a, Sys.LockEx).Check(); // upgrade
            Assert.Equal(Errno.EAGAIN, Sys.Flock(b, Sys.LockSh | Sys.LockNb).Errno);
            Sys.Close(a).Check(); // RELEASE (asynchronous) carries the flock unlock
            Assert.True(Wait.Until(() => Sys.Flock(b, Sys.LockEx | Sys.LockNb).Ok).Result);
            Sys.Close(b).Check();
        });
        Assert.True(m.Fs.Calls.Count(Op.SetLock) >= 4);
    }
}
