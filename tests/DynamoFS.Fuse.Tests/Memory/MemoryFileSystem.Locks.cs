namespace DynamoFS.Fuse.Tests.Memory;

// fcntl and flock locks. SETLKW waits asynchronously, outside the state lock, and answers
// EINTR when the kernel interrupts the request.
public sealed partial class MemoryFileSystem
{
    private readonly Dictionary<ulong, LockTable> _locks = new();

    /// <summary>Requests waiting in SETLKW right now; tests use it to know a waiter has arrived.</summary>
    public int BlockedLockWaiters => Volatile.Read(ref _blockedLockWaiters);
    private int _blockedLockWaiters;

    public ValueTask<FuseResult<FuseLock>> GetLock(FuseContext ctx, ulong nodeId, FuseLockRequest request)
    {
        Calls.Record(Op.GetLock);
        lock (_gate)
        {
            if (!_nodes.ContainsKey(nodeId)) return Fail<FuseLock>(Errno.ENOENT);
            var conflict = _locks.TryGetValue(nodeId, out var table) ? table.FindConflict(request) : null;
            return Ok(conflict is null
                ? request.Lock with { Type = FuseLockType.Unlock }
                : new FuseLock(conflict.Start, conflict.End, conflict.Type, conflict.Pid));
        }
    }

    public async ValueTask<int> SetLock(FuseContext ctx, ulong nodeId, FuseLockRequest request, bool wait)
    {
        Calls.Record(wait ? Op.SetLockWait : Op.SetLock);
        if (request.Lock.Start > request.Lock.End) return Errno.EINVAL;
        bool counted = false;
        try
        {
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (!_nodes.ContainsKey(nodeId)) return Errno.ENOENT;
                    if (!_locks.TryGetValue(nodeId, out var table)) _locks[nodeId] = table = new LockTable();
                    if (table.FindConflict(request) is null)
                    {
                        table.Apply(request);
                        if (table.IsEmpty) _locks.Remove(nodeId);
                        return 0;
                    }
                    if (!wait) return Errno.EAGAIN;
                    changed = table.Changed;
                }
                if (!counted) { Interlocked.Increment(ref _blockedLockWaiters); counted = true; }
                try
                {
                    await changed.WaitAsync(ctx.Cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Calls.Record(Op.Interrupt);
                    return Errno.EINTR;
                }
            }
        }
        finally
        {
            if (counted) Interlocked.Decrement(ref _blockedLockWaiters);
        }
    }
}
