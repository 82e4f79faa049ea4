using DynamoFS.Fuse;

namespace DynamoFS.Core.Locks;

/// <summary>
/// fcntl (POSIX byte-range) and flock (whole-file) locks. The two kinds never conflict with each
/// other, as on Linux. Owners are the kernel's opaque lock owners. Behind an interface so that a
/// cross-client implementation (locks stored in DynamoDB with leases) can replace the local one.
/// </summary>
public interface ILockManager
{
    /// <summary>The first lock held by another owner that conflicts with <paramref name="request"/>, or null.</summary>
    ValueTask<FuseLock?> FindConflictAsync(ulong inode, ulong owner, FuseLock request, bool flock, CancellationToken ct);

    /// <summary>
    /// Takes, changes or releases (type Unlock) a lock. Returns 0, EAGAIN on conflict when not
    /// waiting, EDEADLK when waiting would deadlock, EINTR when <paramref name="ct"/> fires while waiting.
    /// </summary>
    ValueTask<int> SetAsync(ulong inode, ulong owner, FuseLock request, bool flock, bool wait, CancellationToken ct);

    /// <summary>Drops every fcntl lock <paramref name="owner"/> holds on the inode (close of any descriptor).</summary>
    ValueTask ReleasePosixAsync(ulong inode, ulong owner);

    /// <summary>Drops the flock lock of <paramref name="owner"/> (the open file description) on the inode.</summary>
    ValueTask ReleaseFlockAsync(ulong inode, ulong owner);
}
