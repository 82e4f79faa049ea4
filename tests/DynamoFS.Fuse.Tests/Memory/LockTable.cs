namespace DynamoFS.Fuse.Tests.Memory;

/// <summary>
/// Byte-range locks of one file. fcntl (POSIX and OFD) locks and flock locks live in separate
/// tables, as in Linux, where they never conflict with each other. Locks of one owner never
/// conflict with each other; a new lock of an owner replaces that owner's locks over its range.
/// Guarded by the file system's lock; waiters wait on <see cref="Changed"/>, which completes
/// (and is replaced) whenever a lock is released.
/// </summary>
internal sealed class LockTable
{
    private readonly List<HeldLock> _posix = new();
    private readonly List<HeldLock> _flock = new();
    private TaskCompletionSource _changed = NewSignal();

    public Task Changed => _changed.Task;

    public bool IsEmpty => _posix.Count == 0 && _flock.Count == 0;

    /// <summary>The first lock of another owner that conflicts with the request, if any.</summary>
    public HeldLock? FindConflict(in FuseLockRequest request)
    {
        var wanted = request.Lock;
        if (wanted.Type == FuseLockType.Unlock) return null;
        foreach (var held in Table(request.IsFlock))
        {
            if (held.Owner == request.Owner) continue;
            if (held.Start > wanted.End || wanted.Start > held.End) continue;
            if (held.Type == FuseLockType.Write || wanted.Type == FuseLockType.Write) return held;
        }
        return null;
    }

    /// <summary>Sets or clears (type Unlock) the owner's lock over the range, splitting what it overlaps.</summary>
    public void Apply(in FuseLockRequest request)
    {
        var table = Table(request.IsFlock);
        var l = request.Lock;
        bool released = false;
        for (int i = table.Count - 1; i >= 0; i--)
        {
            var held = table[i];
            if (held.Owner != request.Owner || held.Start > l.End || l.Start > held.End) continue;
            table.RemoveAt(i);
            released = true;
            if (held.Start < l.Start) table.Add(held with { End = l.Start - 1 });
            if (held.End > l.End) table.Add(held with { Start = l.End + 1 });
        }
        if (l.Type != FuseLockType.Unlock) table.Add(new HeldLock(request.Owner, request.Handle, l.Start, l.End, l.Type, l.Pid));
        if (released) Signal();
    }

    /// <summary>Drops every lock matching <paramref name="match"/> in one table; FLUSH and RELEASE use it.</summary>
    public int RemoveAll(bool flock, Predicate<HeldLock> match)
    {
        int removed = Table(flock).RemoveAll(match);
        if (removed > 0) Signal();
        return removed;
    }

    private List<HeldLock> Table(bool flock) => flock ? _flock : _posix;

    private void Signal()
    {
        var old = _changed;
        _changed = NewSignal();
        old.TrySetResult();
    }

    // Continuations run asynchronously so a waiter never resumes inside the releaser's lock.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <param name="Handle">The open handle the lock came through: OFD locks are dropped when it is released.</param>
internal sealed record HeldLock(ulong Owner, ulong Handle, ulong Start, ulong End, FuseLockType Type, uint Pid);
