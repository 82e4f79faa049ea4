namespace DynamoFS.DynamoDb.Requests;

/// <summary>
/// Counts DynamoDB requests and the capacity units they consumed, by request kind and by the
/// file-system operation they served. Core names the operation around each FUSE request with
/// <see cref="BeginOperation"/>; the name flows through awaits (AsyncLocal), so every request the
/// store makes on its behalf, retries included, is attributed to it. Background work (touches,
/// id leases, usage flushes, reclaiming) is attributed to the name it was started under or to
/// "(background)". The totals are what benchmarks report per operation and what the stats file shows.
///
/// Units come from ReturnConsumedCapacity=TOTAL. A request that fails its condition
/// (ConditionalCheckFailed, TransactionCanceled) still costs on DynamoDB, but the service does
/// not report how much; those are counted as <see cref="RequestCounters.ConditionFailures"/>.
/// </summary>
public sealed class RequestStats
{
    public const string Unattributed = "(none)";
    public const string Background = "(background)";

    private static readonly AsyncLocal<string?> s_operation = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Operation, RequestKind Kind), MutableCounters> _counters = [];

    /// <summary>The operation the current async flow is working for, if any.</summary>
    public static string? CurrentOperation => s_operation.Value;

    /// <summary>
    /// Attributes every request made by this async flow to <paramref name="name"/> until the
    /// returned scope is disposed (scopes nest; disposing restores the outer name).
    /// </summary>
    public static IDisposable BeginOperation(string name)
    {
        var scope = new OperationScope(s_operation.Value);
        s_operation.Value = name;
        return scope;
    }

    /// <summary>Runs <paramref name="work"/> detached from the caller's operation name, under "(background)" unless named.</summary>
    internal static IDisposable BeginBackground(string? name = null) => BeginOperation(name ?? Background);

    internal void RecordSuccess(RequestKind kind, double readUnits, double writeUnits) =>
        Update(kind, c => { c.Requests++; c.ReadUnits += readUnits; c.WriteUnits += writeUnits; });

    internal void RecordConditionFailure(RequestKind kind) =>
        Update(kind, c => { c.Requests++; c.ConditionFailures++; });

    internal void RecordRetry(RequestKind kind, bool throttled) =>
        Update(kind, c => { c.Retries++; if (throttled) { c.Throttles++; } });

    internal void RecordError(RequestKind kind) => Update(kind, c => { c.Requests++; c.Errors++; });

    public void Reset()
    {
        lock (_lock)
        {
            _counters.Clear();
        }
    }

    public RequestStatsSnapshot Snapshot()
    {
        lock (_lock)
        {
            var rows = _counters.Select(kv => new RequestStatsRow(kv.Key.Operation, kv.Key.Kind, kv.Value.Freeze())).ToArray();
            return new RequestStatsSnapshot(rows);
        }
    }

    private void Update(RequestKind kind, Action<MutableCounters> change)
    {
        string op = s_operation.Value ?? Unattributed;
        lock (_lock)
        {
            if (!_counters.TryGetValue((op, kind), out var c))
            {
                c = new MutableCounters();
                _counters[(op, kind)] = c;
            }
            change(c);
        }
    }

    private sealed class MutableCounters
    {
        public long Requests;
        public double ReadUnits;
        public double WriteUnits;
        public long Retries;
        public long Throttles;
        public long ConditionFailures;
        public long Errors;

        public RequestCounters Freeze() => new(Requests, ReadUnits, WriteUnits, Retries, Throttles, ConditionFailures, Errors);
    }

    private sealed class OperationScope(string? previous) : IDisposable
    {
        public void Dispose() => s_operation.Value = previous;
    }
}

/// <summary>Counters of one (operation, request kind) pair, or a sum of them.</summary>
public sealed record RequestCounters(
    long Requests, double ReadUnits, double WriteUnits, long Retries, long Throttles, long ConditionFailures, long Errors)
{
    public static readonly RequestCounters Zero = new(0, 0, 0, 0, 0, 0, 0);

    public static RequestCounters operator +(RequestCounters a, RequestCounters b) => new(
        a.Requests + b.Requests, a.ReadUnits + b.ReadUnits, a.WriteUnits + b.WriteUnits, a.Retries + b.Retries,
        a.Throttles + b.Throttles, a.ConditionFailures + b.ConditionFailures, a.Errors + b.Errors);

    public static RequestCounters operator -(RequestCounters a, RequestCounters b) => new(
        a.Requests - b.Requests, a.ReadUnits - b.ReadUnits, a.WriteUnits - b.WriteUnits, a.Retries - b.Retries,
        a.Throttles - b.Throttles, a.ConditionFailures - b.ConditionFailures, a.Errors - b.Errors);
}

public sealed record RequestStatsRow(string Operation, RequestKind Kind, RequestCounters Counters);

/// <summary>A point-in-time copy of <see cref="RequestStats"/>; subtract two to measure an interval.</summary>
public sealed class RequestStatsSnapshot(IReadOnlyList<RequestStatsRow> rows)
{
    public IReadOnlyList<RequestStatsRow> Rows { get; } = rows;

    public RequestCounters Total => Sum(_ => true);

    public RequestCounters ForKind(RequestKind kind) => Sum(r => r.Kind == kind);

    public RequestCounters ForOperation(string operation) => Sum(r => r.Operation == operation);

    public IReadOnlyDictionary<RequestKind, RequestCounters> ByKind() =>
        Rows.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Aggregate(RequestCounters.Zero, (a, r) => a + r.Counters));

    public IReadOnlyDictionary<string, RequestCounters> ByOperation() =>
        Rows.GroupBy(r => r.Operation).ToDictionary(g => g.Key, g => g.Aggregate(RequestCounters.Zero, (a, r) => a + r.Counters));

    /// <summary>What happened between <paramref name="earlier"/> and this snapshot.</summary>
    public RequestStatsSnapshot Since(RequestStatsSnapshot earlier)
    {
        var before = earlier.Rows.ToDictionary(r => (r.Operation, r.Kind), r => r.Counters);
        var rows = Rows
            .Select(r => new RequestStatsRow(r.Operation, r.Kind, r.Counters - before.GetValueOrDefault((r.Operation, r.Kind), RequestCounters.Zero)))
            .Where(r => r.Counters != RequestCounters.Zero)
            .ToArray();
        return new RequestStatsSnapshot(rows);
    }

    private RequestCounters Sum(Func<RequestStatsRow, bool> filter) =>
        Rows.Where(filter).Aggregate(RequestCounters.Zero, (a, r) => a + r.Counters);
}
