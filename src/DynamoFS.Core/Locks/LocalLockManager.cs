using DynamoFS.Fuse;

namespace DynamoFS.Core.Locks;

/// <summary>
/// Locks held in this process only: correct POSIX and flock semantics between the processes
/// using this mount, but invisible to other clients. One monitor guards all state (lock calls
/// are rare next to reads and writes); waiters park on a per-inode signal that every change
/// completes, then re-check.
/// </summary>
public sealed class LocalLockManager : ILockManager
{
    private sealed class InodeLocks
    {
        public readonly List<HeldLock> Posix = [];
        public readonly List<HeldLock> Flock = [];
        public TaskCompletionSource Changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool IsEmpty => Posix.Count == 0 && Flock.Count == 0;
    }

    /// <summary>What a blocked fcntl owner waits for, for deadlock detection.</summary>
    private readonly record struct Waiting(ulong Inode, ulong Start, ulong End, FuseLockType Type);

    private readonly object _gate = new();
    private readonly Dictionary<ulong, InodeLocks> _inodes = [];
    private readonly Dictionary<ulong, Waiting> _waiting = [];

    public ValueTask<FuseLock?> FindConflictAsync(ulong inode, ulong owner, FuseLock request, bool flock, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_inodes.TryGetValue(inode, out var state)) return ValueTask.FromResult<FuseLock?>(null);
            var found = FindConflict(state, owner, request.Start, LockRanges.NormalizeEnd(request.End), request.Type, flock);
            return ValueTask.FromResult(found?.ToFuseLock());
        }
    }

    public async ValueTask<int> SetAsync(ulong inode, ulong owner, FuseLock request, bool flock, bool wait, CancellationToken ct)
    {
        ulong start = flock ? 0 : request.Start;
        ulong end = flock ? FuseLock.OffsetMax : LockRanges.NormalizeEnd(request.End);
        if (start > end) return Errno.EINVAL;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var state = Get(inode);
                var conflict = request.Type == FuseLockType.Unlock ? null : FindConflict(state, owner, start, end, request.Type, flock);
                if (conflict is null)
                {
                    _waiting.Remove(owner);
                    if (flock)
                    {
                        state.Flock.RemoveAll(h => h.Owner == owner);
                        if (request.Type != FuseLockType.Unlock)
                            state.Flock.Add(new HeldLock(owner, 0, FuseLock.OffsetMax, request.Type, request.Pid));
                    }
                    else
                    {
                        LockRanges.Apply(state.Posix, owner, start, end, request.Type, request.Pid);
                    }
                    SignalAndTrim(inode, state);
                    return 0;
                }
                if (!wait) return Errno.EAGAIN;
                if (!flock && WouldDeadlock(owner, conflict.Value.Owner)) return Errno.EDEADLK;
                if (!flock) _waiting[owner] = new Waiting(inode, start, end, request.Type);
                changed = state.Changed.Task;
            }
            try
            {
                await changed.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_gate) { _waiting.Remove(owner); TrimIfEmpty(inode); }
                return Errno.EINTR;
            }
        }
    }

    public ValueTask ReleasePosixAsync(ulong inode, ulong owner)
    {
        lock (_gate)
        {
            if (_inodes.TryGetValue(inode, out var state) && state.Posix.RemoveAll(h => h.Owner == owner) > 0)
                SignalAndTrim(inode, state);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseFlockAsync(ulong inode, ulong owner)
    {
        lock (_gate)
        {
            if (_inodes.TryGetValue(inode, out var state) && state.Flock.RemoveAll(h => h.Owner == owner) > 0)
                SignalAndTrim(inode, state);
        }
        return ValueTask.CompletedTask;
    }

    private InodeLocks Get(ulong inode)
    {
        if (!_inodes.TryGetValue(inode, out var state)) _inodes[inode] = state = new InodeLocks();
        return state;
    }

    private static HeldLock? FindConflict(InodeLocks state, ulong owner, ulong start, ulong end, FuseLockType type, bool flock)
    {
        if (type == FuseLockType.Unlock) return null;
        foreach (var h in flock ? state.Flock : state.Posix)
            if (LockRanges.Conflicts(h, owner, start, end, type)) return h;
        return null;
    }

    /// <summary>
    /// Follows "owner waits for a lock held by X" edges from <paramref name="holder"/>: if the
    /// chain comes back to <paramref name="owner"/>, waiting would never end (F_SETLKW → EDEADLK).
    /// </summary>
    private bool WouldDeadlock(ulong owner, ulong holder)
    {
        var seen = new HashSet<ulong>();
        var current = holder;
        while (seen.Add(current))
        {
            if (current == owner) return true;
            if (!_waiting.TryGetValue(current, out var w) || !_inodes.TryGetValue(w.Inode, out var state)) return false;
            var next = FindConflict(state, current, w.Start, w.End, w.Type, flock: false);
            if (next is null) return false;
            current = next.Value.Owner;
        }
        return false;
    }

    private void SignalAndTrim(ulong inode, InodeLocks state)
    {
        var old = state.Changed;
        state.Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
        TrimIfEmpty(inode);
    }

    private void TrimIfEmpty(ulong inode)
    {
        // Waiters hold the old signal task; a removed entry is re-created on their retry, and
        // nobody can wait on a state without locks, so dropping empty states loses no wake-up.
        if (_inodes.TryGetValue(inode, out var state) && state.IsEmpty) _inodes.Remove(inode);
    }
}
