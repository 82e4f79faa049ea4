using System.Collections.Concurrent;

namespace DynamoFS.Fuse.Session;

/// <summary>
/// In-flight requests by unique, each with the token its handler sees. FUSE_INTERRUPT cancels
/// the token; an interrupt for an unknown unique (not yet registered, or already answered) is
/// answered EAGAIN so the kernel requeues it or drops it.
/// </summary>
internal sealed class InterruptTable
{
    private readonly ConcurrentDictionary<ulong, CancellationTokenSource> _inFlight = new();
    private readonly CancellationToken _sessionToken;

    public InterruptTable(CancellationToken sessionToken) => _sessionToken = sessionToken;

    /// <summary>Registers a request before it is dispatched; its token also fires when the session ends.</summary>
    public CancellationTokenSource Register(ulong unique)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_sessionToken);
        _inFlight[unique] = cts;
        return cts;
    }

    public void Complete(ulong unique)
    {
        if (_inFlight.TryRemove(unique, out var cts)) cts.Dispose();
    }

    /// <summary>Cancels the request; false when no such request is in flight.</summary>
    public bool Interrupt(ulong unique)
    {
        if (!_inFlight.TryGetValue(unique, out var cts)) return false;
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false; // completed between the lookup and the cancel
        }
        catch (AggregateException)
        {
            // A handler's cancellation callback threw; the request is still interrupted.
        }
        return true;
    }

    public int Count => _inFlight.Count;
}
