namespace DynamoFS.Core;

/// <summary>
/// Bytes of unflushed file data held by this client, across all files. Writers check it before
/// dirtying more: over the limit, they first flush data themselves and, if that is not enough,
/// wait until flushes elsewhere bring it back down. This is what bounds write-buffer memory.
/// </summary>
internal sealed class DirtyBudget
{
    private readonly object _gate = new();
    private long _used;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DirtyBudget(long limit) => Limit = Math.Max(limit, 1);

    public long Limit { get; }

    public long Used { get { lock (_gate) return _used; } }

    public bool IsOver { get { lock (_gate) return _used >= Limit; } }

    public void Add(long bytes)
    {
        lock (_gate) _used += bytes;
    }

    public void Release(long bytes)
    {
        if (bytes == 0) return;
        TaskCompletionSource signal;
        lock (_gate)
        {
            _used -= bytes;
            signal = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        signal.TrySetResult();
    }

    /// <summary>Completes at the next release (or after <paramref name="timeout"/>, so a waiter re-checks).</summary>
    public Task WaitForReleaseAsync(TimeSpan timeout, CancellationToken ct)
    {
        Task t;
        lock (_gate) t = _released.Task;
        return Task.WhenAny(t, Task.Delay(timeout, ct));
    }
}
