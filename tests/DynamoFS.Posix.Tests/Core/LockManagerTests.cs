using DynamoFS.Core.Locks;
using DynamoFS.Fuse;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>The POSIX record-lock and flock rules of the local lock manager (pure logic, no storage).</summary>
public sealed class LockManagerTests
{
    private static FuseLock L(ulong start, ulong end, FuseLockType type, uint pid = 10) => new(start, end, type, pid);
    private const ulong Ino = 7;

    [Fact]
    public async Task Read_locks_share_write_locks_exclude()
    {
        var m = new LocalLockManager();
        Assert.Equal(0, await m.SetAsync(Ino, 1, L(0, 99, FuseLockType.Read), false, false, default));
        Assert.Equal(0, await m.SetAsync(Ino, 2, L(50, 149, FuseLockType.Read), false, false, default));
        Assert.Equal(Errno.EAGAIN, await m.SetAsync(Ino, 3, L(90, 95, FuseLockType.Write), false, false, default));
        Assert.Equal(0, await m.SetAsync(Ino, 3, L(150, 200, FuseLockType.Write), false, false, default));
    }

    [Fact]
    public async Task Getlk_reports_the_conflicting_range_type_and_pid()
    {
        var m = new LocalLockManager();
        await m.SetAsync(Ino, 1, L(10, 19, FuseLockType.Write, pid: 77), false, false, default);
        var c = await m.FindConflictAsync(Ino, 2, L(0, 100, FuseLockType.Read), false, default);
        Assert.Equal(L(10, 19, FuseLockType.Write, 77), c);
        Assert.Null(await m.FindConflictAsync(Ino, 1, L(0, 100, FuseLockType.Write), false, default)); // own locks never conflict
        Assert.Null(await m.FindConflictAsync(Ino, 2, L(20, 100, FuseLockType.Write), false, default));
    }

    [Fact]
    public async Task Unlocking_the_middle_splits_a_lock()
    {
        var m = new LocalLockManager();
        await m.SetAsync(Ino, 1, L(0, 99, FuseLockType.Write), false, false, default);
        await m.SetAsync(Ino, 1, L(40, 59, FuseLockType.Unlock), false, false, default);
        Assert.Equal(0, await m.SetAsync(Ino, 2, L(40, 59, FuseLockType.Write), false, false, default));
        Assert.Equal(Errno.EAGAIN, await m.SetAsync(Ino, 2, L(39, 39, FuseLockType.Read), false, false, default));
        Assert.Equal(Errno.EAGAIN, await m.SetAsync(Ino, 2, L(60, 60, FuseLockType.Read), false, false, default));
    }

    [Fact]
    public async Task Downgrade_in_the_middle_lets_readers_in_there_only()
    {
        var m = new LocalLockManager();
        await m.SetAsync(Ino, 1, L(0, 99, FuseLockType.Write), false, false, default);
        await m.SetAsync(Ino, 1, L(40, 59, FuseLockType.Read), false, false, default);
        Assert.Equal(0, await m.SetAsync(Ino, 2, L(45, 50, FuseLockType.Read), false, false, default));
        Assert.Equal(Errno.EAGAIN, await m.SetAsync(Ino, 2, L(30, 45, FuseLockType.Read), false, false, default));
        var c = await m.FindConflictAsync(Ino, 3, L(0, FuseLock.OffsetMax, FuseLockType.Write), false, default);
        Assert.NotNull(c);
    }

    [Fact]
    public void Adjacent_locks_of_one_owner_merge()
    {
        var locks = new List<HeldLock>();
        LockRanges.Apply(locks, 1, 0, 9, FuseLockType.Read, 1);
        LockRanges.Apply(locks, 1, 10, 19, FuseLockType.Read, 1);
        LockRanges.Apply(locks, 1, 30, 39, FuseLockType.Read, 1);
        LockRanges.Apply(locks, 1, 20, 29, FuseLockType.Read, 1);
        Assert.Equal([new HeldLock(1, 0, 39, FuseLockType.Read, 1)], locks);
        LockRanges.Apply(locks, 1, 5, 34, FuseLockType.Write, 1);
        Assert.Equal(3, locks.Count);
        LockRanges.Apply(locks, 1, 0, FuseLock.OffsetMax, FuseLockType.Unlock, 1);
        Assert.Empty(locks);
    }

    [Fact]
    public async Task Release_of_an_owner_drops_its_posix_locks_and_wakes_waiters()
    {
        var m = new LocalLockManager();
        await m.SetAsync(Ino, 1, L(0, FuseLock.OffsetMax, FuseLockType.Write), false, false, default);
        var waiter = m.SetAsync(Ino, 2, L(0, 10, FuseLockType.Write), false, true, default).AsTask();
        await Task.Delay(50);
        Assert.False(waiter.IsCompleted);
        await m.ReleasePosixAsync(Ino, 1);
        Assert.Equal(0, await waiter.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Setlkw_is_interrupted_with_EINTR()
    {
        var m = new LocalLockManager();
        await m.SetAsync(Ino, 1, L(0, 10, FuseLockType.Write), false, false, default);
        using var cts = new CancellationTokenSource(100);
        Assert.Equal(Errno.EINTR, await m.SetAsync(Ino, 2, L(0, 10, FuseLockType.Write), false, true, cts.Token));
    }

    [Fact]
    public async Task Crossed_waits_are_a_deadlock()
    {
        var m = new LocalLockManager();
        await m.SetAsync(Ino, 1, L(0, 9, FuseLockType.Write), false, false, default);
        await m.SetAsync(Ino, 2, L(10, 19, FuseLockType.Write), false, false, default);
        var first = m.SetAsync(Ino, 1, L(10, 19, FuseLockType.Write), false, true, default).AsTask();
        await Task.Delay(50);
        Assert.Equal(Errno.EDEADLK, await m.SetAsync(Ino, 2, L(0, 9, FuseLockType.Write), false, true, default));
        await m.ReleasePosixAsync(Ino, 2);
        Assert.Equal(0, await first.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Flock_and_posix_locks_are_independent_and_flock_is_per_description()
    {
        var m = new LocalLockManager();
        Assert.Equal(0, await m.SetAsync(Ino, 1, L(0, 0, FuseLockType.Write), true, false, default));
        Assert.Equal(0, await m.SetAsync(Ino, 2, L(0, 100, FuseLockType.Write), false, false, default));
        Assert.Equal(Errno.EAGAIN, await m.SetAsync(Ino, 3, L(0, 0, FuseLockType.Read), true, false, default));
        await m.ReleaseFlockAsync(Ino, 1);
        Assert.Equal(0, await m.SetAsync(Ino, 3, L(0, 0, FuseLockType.Read), true, false, default));
        Assert.Equal(0, await m.SetAsync(Ino, 4, L(0, 0, FuseLockType.Read), true, false, default));
        Assert.Equal(Errno.EAGAIN, await m.SetAsync(Ino, 4, L(0, 0, FuseLockType.Write), true, false, default));
    }
}
