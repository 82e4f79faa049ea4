using Microsoft.Extensions.Logging;

namespace DynamoFS.Fuse.Session;

/// <summary>
/// Reports malformed requests at most once per interval: a misbehaving kernel (or a fuzzer
/// writing to the fd) must not flood the log, but the first occurrence must be visible.
/// </summary>
internal sealed class MalformedRequestLog
{
    private static readonly long Interval = TimeSpan.FromSeconds(10).Ticks;
    private readonly ILogger _logger;
    private long _lastReport = long.MinValue;
    private long _suppressed;

    public MalformedRequestLog(ILogger logger) => _logger = logger;

    private long _total;

    /// <summary>Malformed requests seen so far (reported or not).</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Report(uint opcode, ulong unique, string reason)
    {
        Interlocked.Increment(ref _total);
        long now = Environment.TickCount64 * TimeSpan.TicksPerMillisecond;
        long last = Interlocked.Read(ref _lastReport);
        bool recent = last != long.MinValue && now - last < Interval;
        if (recent || Interlocked.CompareExchange(ref _lastReport, now, last) != last)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }
        _logger.MalformedRequest(opcode, unique, reason, Interlocked.Exchange(ref _suppressed, 0));
    }
}
