using System.Collections.Concurrent;

namespace DynamoFS.Fuse.Session;

/// <summary>
/// Starts request handlers on threads the session owns instead of the shared thread pool.
/// Why: a process that serves a mount and also uses it (tests, tools) can fill the thread pool
/// with threads blocked in syscalls on that very mount; handlers queued to the same pool would
/// then wait for the pool's slow thread injection (seconds), stalling every caller. Here a
/// handler starts at once: when no worker is idle a new one is started (up to a cap), so a
/// handler that blocks synchronously (SETLKW, synchronous storage) holds only its own worker.
/// A handler runs on its worker until its first real await; continuations run wherever the
/// awaited operation completes.
/// </summary>
internal sealed class RequestDispatcher
{
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<FuseRequest> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Func<FuseRequest, Task> _process;
    private readonly int _minWorkers;
    private readonly int _maxWorkers;
    private int _workers;
    private int _idle;
    private volatile bool _stopped;

    public RequestDispatcher(Func<FuseRequest, Task> process, int minWorkers, int maxWorkers)
    {
        _process = process;
        _minWorkers = Math.Max(1, minWorkers);
        _maxWorkers = Math.Max(_minWorkers, maxWorkers);
    }

    public int Workers => Volatile.Read(ref _workers);

    public void Enqueue(FuseRequest request)
    {
        _queue.Enqueue(request);
        if (Volatile.Read(ref _idle) == 0) TryStartWorker();
        _signal.Release();
    }

    /// <summary>Lets the workers finish what is queued and exit.</summary>
    public void Stop()
    {
        _stopped = true;
        _signal.Release(Math.Max(1, Volatile.Read(ref _workers)));
    }

    private void TryStartWorker()
    {
        int count = Volatile.Read(ref _workers);
        while (count < _maxWorkers)
        {
            int seen = Interlocked.CompareExchange(ref _workers, count + 1, count);
            if (seen == count)
            {
                new Thread(Work) { IsBackground = true, Name = "fuse-worker" }.Start();
                return;
            }
            count = seen;
        }
        // At the cap: the request waits for a worker (or for the pool, if handlers block forever).
    }

    private void Work()
    {
        while (true)
        {
            while (_queue.TryDequeue(out var request)) Run(request);
            if (_stopped)
            {
                Interlocked.Decrement(ref _workers);
                _signal.Release(); // pass the wake-up on to the next worker
                return;
            }
            Interlocked.Increment(ref _idle);
            bool signalled = _signal.Wait(IdleLifetime);
            Interlocked.Decrement(ref _idle);
            if (!signalled && _queue.IsEmpty && TryRetire()) return;
        }
    }

    /// <summary>An idle worker above the minimum exits.</summary>
    private bool TryRetire()
    {
        int count = Volatile.Read(ref _workers);
        while (count > _minWorkers)
        {
            int seen = Interlocked.CompareExchange(ref _workers, count - 1, count);
            if (seen == count) return true;
            count = seen;
        }
        return false;
    }

    private void Run(FuseRequest request)
    {
        // ProcessAsync catches everything a handler throws; the task is not awaited here so the
        // worker is free as soon as the handler yields.
        _ = _process(request);
    }
}
