using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Schema;

namespace DynamoFS.DynamoDb.Requests;

/// <summary>
/// The one path every request to the file system's table takes. It adds what each call needs and
/// nobody should have to remember: the table name, ReturnConsumedCapacity=TOTAL (recorded in
/// <see cref="Stats"/>), strongly consistent reads, the retry policy (<see cref="RetryOptions"/>,
/// <see cref="TransientErrors"/>), the optional artificial latency used by scale benchmarks, and
/// the transaction-keys hook. Condition failures are answers, not errors: single-item writes and
/// transactions report them in their outcome together with what the service returned about them.
/// </summary>
public sealed class DynamoTable
{
    public DynamoTable(IAmazonDynamoDB client, string tableName, RetryOptions? retry = null, RequestStats? stats = null)
    {
        Client = client;
        TableName = tableName;
        Retry = retry ?? RetryOptions.Default;
        Stats = stats ?? new RequestStats();
    }

    public IAmazonDynamoDB Client { get; }
    public string TableName { get; }
    public RetryOptions Retry { get; }
    public RequestStats Stats { get; }

    /// <summary>Delay added before every attempt of a request (emulates network latency on DynamoDB Local). Null: none.</summary>
    public Func<RequestKind, TimeSpan>? ArtificialLatency { get; set; }

    /// <summary>Called with the keys of every TransactWriteItems before it is sent.</summary>
    public Action<TransactionRecord>? TransactionObserver { get; set; }

    /// <summary>Strongly consistent GetItem; null when the item does not exist.</summary>
    public Task<Dictionary<string, AttributeValue>?> GetItemAsync(Dictionary<string, AttributeValue> key, CancellationToken ct) =>
        GetItemAsync(new GetItemRequest { Key = key }, ct);

    /// <summary>GetItem (strongly consistent unless the request says otherwise); null when the item does not exist.</summary>
    public async Task<Dictionary<string, AttributeValue>?> GetItemAsync(GetItemRequest request, CancellationToken ct)
    {
        request.TableName = TableName;
        request.ConsistentRead ??= true;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        var response = await ExecuteAsync(RequestKind.GetItem, c => Client.GetItemAsync(request, c), r => Units(r.ConsumedCapacity), ct).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>One Query page (strongly consistent unless the request says otherwise).</summary>
    public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken ct)
    {
        request.TableName = TableName;
        request.ConsistentRead ??= true;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return ExecuteAsync(RequestKind.Query, c => Client.QueryAsync(request, c), r => Units(r.ConsumedCapacity), ct);
    }

    /// <summary>
    /// Strongly consistent BatchGetItem of at most 100 keys. Keys the service leaves unprocessed
    /// (throttling, 16 MB response cap) are asked again with backoff until all are answered.
    /// </summary>
    public async Task<List<Dictionary<string, AttributeValue>>> BatchGetAsync(
        List<Dictionary<string, AttributeValue>> keys, CancellationToken ct, string? projection = null)
    {
        var result = new List<Dictionary<string, AttributeValue>>(keys.Count);
        var pending = new KeysAndAttributes { Keys = keys, ConsistentRead = true };
        if (projection is not null)
        {
            pending.ProjectionExpression = projection;
        }
        var backoff = new Backoff(Retry);
        while (true)
        {
            var request = new BatchGetItemRequest
            {
                RequestItems = new() { [TableName] = pending },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            };
            var response = await ExecuteAsync(RequestKind.BatchGetItem, c => Client.BatchGetItemAsync(request, c), r => Units(r.ConsumedCapacity), ct).ConfigureAwait(false);
            if (response.Responses?.GetValueOrDefault(TableName) is { } items)
            {
                result.AddRange(items);
            }
            if (response.UnprocessedKeys?.GetValueOrDefault(TableName) is not { Keys.Count: > 0 } unprocessed)
            {
                return result;
            }
            pending = unprocessed;
            Stats.RecordRetry(RequestKind.BatchGetItem, throttled: true);
            await backoff.WaitAsync(RequestKind.BatchGetItem, null, ct).ConfigureAwait(false);
        }
    }

    /// <summary>BatchWriteItem of at most 25 puts/deletes; UnprocessedItems are sent again with backoff.</summary>
    public async Task BatchWriteAsync(List<WriteRequest> writes, CancellationToken ct)
    {
        var pending = writes;
        var backoff = new Backoff(Retry);
        while (true)
        {
            var request = new BatchWriteItemRequest
            {
                RequestItems = new() { [TableName] = pending },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            };
            var response = await ExecuteAsync(RequestKind.BatchWriteItem, c => Client.BatchWriteItemAsync(request, c), r => Units(r.ConsumedCapacity), ct).ConfigureAwait(false);
            if (response.UnprocessedItems?.GetValueOrDefault(TableName) is not { Count: > 0 } unprocessed)
            {
                return;
            }
            pending = unprocessed;
            Stats.RecordRetry(RequestKind.BatchWriteItem, throttled: true);
            await backoff.WaitAsync(RequestKind.BatchWriteItem, null, ct).ConfigureAwait(false);
        }
    }

    public async Task<WriteOutcome> PutItemAsync(PutItemRequest request, CancellationToken ct)
    {
        request.TableName = TableName;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        if (request.ConditionExpression is not null)
        {
            request.ReturnValuesOnConditionCheckFailure ??= ReturnValuesOnConditionCheckFailure.ALL_OLD;
        }
        try
        {
            var r = await ExecuteAsync(RequestKind.PutItem, c => Client.PutItemAsync(request, c), r => Units(r.ConsumedCapacity), ct).ConfigureAwait(false);
            return WriteOutcome.Success(r.Attributes);
        }
        catch (ConditionalCheckFailedException e)
        {
            Stats.RecordConditionFailure(RequestKind.PutItem);
            return WriteOutcome.Failed(e.Item);
        }
    }

    public async Task<WriteOutcome> UpdateItemAsync(UpdateItemRequest request, CancellationToken ct)
    {
        request.TableName = TableName;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        if (request.ConditionExpression is not null)
        {
            request.ReturnValuesOnConditionCheckFailure ??= ReturnValuesOnConditionCheckFailure.ALL_OLD;
        }
        try
        {
            var r = await ExecuteAsync(RequestKind.UpdateItem, c => Client.UpdateItemAsync(request, c), r => Units(r.ConsumedCapacity), ct).ConfigureAwait(false);
            return WriteOutcome.Success(r.Attributes);
        }
        catch (ConditionalCheckFailedException e)
        {
            Stats.RecordConditionFailure(RequestKind.UpdateItem);
            return WriteOutcome.Failed(e.Item);
        }
    }

    public async Task<WriteOutcome> DeleteItemAsync(DeleteItemRequest request, CancellationToken ct)
    {
        request.TableName = TableName;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        if (request.ConditionExpression is not null)
        {
            request.ReturnValuesOnConditionCheckFailure ??= ReturnValuesOnConditionCheckFailure.ALL_OLD;
        }
        try
        {
            var r = await ExecuteAsync(RequestKind.DeleteItem, c => Client.DeleteItemAsync(request, c), r => Units(r.ConsumedCapacity), ct).ConfigureAwait(false);
            return WriteOutcome.Success(r.Attributes);
        }
        catch (ConditionalCheckFailedException e)
        {
            Stats.RecordConditionFailure(RequestKind.DeleteItem);
            return WriteOutcome.Failed(e.Item);
        }
    }

    /// <summary>
    /// One atomic TransactWriteItems. The table name, capacity reporting and
    /// ReturnValuesOnConditionCheckFailure=ALL_OLD (so a failed condition tells whether the item
    /// was missing or different) are filled in here. A ClientRequestToken makes a retry after an
    /// ambiguous failure (timeout, 5xx, dropped connection) idempotent: if the first attempt did
    /// commit, the retry reports success without applying it twice. After a definite rejection
    /// (conflict cancellation) the next attempt gets a fresh token.
    /// </summary>
    public async Task<TransactOutcome> TransactWriteAsync(List<TransactWriteItem> items, CancellationToken ct)
    {
        foreach (var item in items)
        {
            // ALL_OLD on a failed condition tells "item missing" from "item different" at no cost.
            if (item.Put is { } put)
            {
                put.TableName = TableName;
                put.ReturnValuesOnConditionCheckFailure ??= put.ConditionExpression is null ? null : ReturnValuesOnConditionCheckFailure.ALL_OLD;
            }
            if (item.Update is { } upd)
            {
                upd.TableName = TableName;
                upd.ReturnValuesOnConditionCheckFailure ??= upd.ConditionExpression is null ? null : ReturnValuesOnConditionCheckFailure.ALL_OLD;
            }
            if (item.Delete is { } del)
            {
                del.TableName = TableName;
                del.ReturnValuesOnConditionCheckFailure ??= del.ConditionExpression is null ? null : ReturnValuesOnConditionCheckFailure.ALL_OLD;
            }
            if (item.ConditionCheck is { } chk)
            {
                chk.TableName = TableName;
                chk.ReturnValuesOnConditionCheckFailure ??= ReturnValuesOnConditionCheckFailure.ALL_OLD;
            }
        }
        TransactionObserver?.Invoke(new TransactionRecord(RequestStats.CurrentOperation, items.Select(Describe).ToArray()));
        var request = new TransactWriteItemsRequest
        {
            TransactItems = items,
            ClientRequestToken = Guid.NewGuid().ToString("N"),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
        try
        {
            await ExecuteAsync(
                RequestKind.TransactWriteItems,
                c => Client.TransactWriteItemsAsync(request, c),
                r => Units(r.ConsumedCapacity),
                ct,
                kind =>
                {
                    if (kind != TransientErrors.Kind.Ambiguous)
                    {
                        request.ClientRequestToken = Guid.NewGuid().ToString("N");
                    }
                }).ConfigureAwait(false);
            return TransactOutcome.Success;
        }
        catch (TransactionCanceledException e) when (IsConditionAnswer(e.CancellationReasons))
        {
            // A failed condition is an answer for the caller (even if another item also met a
            // conflict: retrying cannot make the condition true). Any other reason (validation,
            // item size, ...) is a bug and propagates as the exception.
            Stats.RecordConditionFailure(RequestKind.TransactWriteItems);
            return new TransactOutcome(false, e.CancellationReasons);
        }
    }

    private static bool IsConditionAnswer(List<CancellationReason>? reasons) =>
        reasons is not null
        && reasons.Any(r => r.Code == "ConditionalCheckFailed")
        && reasons.All(r => r.Code is null or "None" or "ConditionalCheckFailed" or "TransactionConflict"
            or "ThrottlingError" or "ProvisionedThroughputExceeded" or "RequestLimitExceeded");

    private static (string, string) Describe(TransactWriteItem item) => item switch
    {
        { Put: { } p } => (Keys.Describe(p.Item), "Put"),
        { Update: { } u } => (Keys.Describe(u.Key), "Update"),
        { Delete: { } d } => (Keys.Describe(d.Key), "Delete"),
        { ConditionCheck: { } c } => (Keys.Describe(c.Key), "ConditionCheck"),
        _ => ("?", "?"),
    };

    private async Task<T> ExecuteAsync<T>(
        RequestKind kind,
        Func<CancellationToken, Task<T>> call,
        Func<T, IEnumerable<ConsumedCapacity>> units,
        CancellationToken ct,
        Action<TransientErrors.Kind>? beforeRetry = null)
    {
        var backoff = new Backoff(Retry);
        while (true)
        {
            if (ArtificialLatency?.Invoke(kind) is { } latency && latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, ct).ConfigureAwait(false);
            }
            Exception failure;
            try
            {
                T response = await call(ct).ConfigureAwait(false);
                var (read, write) = Sum(kind, units(response));
                Stats.RecordSuccess(kind, read, write);
                return response;
            }
            catch (Exception e)
            {
                failure = e;
            }
            var transient = TransientErrors.Classify(failure, ct);
            if (transient == TransientErrors.Kind.Permanent)
            {
                if (failure is not (ConditionalCheckFailedException or TransactionCanceledException or OperationCanceledException))
                {
                    Stats.RecordError(kind);
                }
                throw failure;
            }
            Stats.RecordRetry(kind, transient == TransientErrors.Kind.Throttled);
            await backoff.WaitAsync(kind, failure, ct).ConfigureAwait(false);
            beforeRetry?.Invoke(transient);
        }
    }

    private static IEnumerable<ConsumedCapacity> Units(ConsumedCapacity? c) => c is null ? [] : [c];

    private static IEnumerable<ConsumedCapacity> Units(List<ConsumedCapacity>? list) => list ?? [];

    /// <summary>
    /// With TOTAL the service reports one number per table; which kind of unit it is follows from
    /// the call (everything inside a TransactWriteItems, condition checks included, is billed as writes).
    /// </summary>
    private static (double Read, double Write) Sum(RequestKind kind, IEnumerable<ConsumedCapacity> consumed)
    {
        bool isRead = kind is RequestKind.GetItem or RequestKind.BatchGetItem or RequestKind.Query;
        double read = 0, write = 0;
        foreach (var c in consumed)
        {
            if (c.ReadCapacityUnits is > 0 || c.WriteCapacityUnits is > 0)
            {
                read += c.ReadCapacityUnits ?? 0;
                write += c.WriteCapacityUnits ?? 0;
            }
            else if (isRead)
            {
                read += c.CapacityUnits ?? 0;
            }
            else
            {
                write += c.CapacityUnits ?? 0;
            }
        }
        return (read, write);
    }

    /// <summary>Jittered exponential backoff within the shared budget.</summary>
    private sealed class Backoff(RetryOptions options)
    {
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private int _attempt;

        public async Task WaitAsync(RequestKind kind, Exception? failure, CancellationToken ct)
        {
            _attempt++;
            if (_attempt >= options.MaxAttempts || _elapsed.Elapsed >= options.MaxElapsed)
            {
                throw new StorageUnavailableException(
                    $"DynamoDB {kind} did not succeed after {_attempt} attempts in {_elapsed.Elapsed.TotalSeconds:F1} s" +
                    (failure is null ? " (unprocessed items)" : $": {failure.GetType().Name}: {failure.Message}"), failure);
            }
            double cap = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, _attempt - 1));
            var delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
            var left = options.MaxElapsed - _elapsed.Elapsed;
            await Task.Delay(delay < left ? delay : left, ct).ConfigureAwait(false);
        }
    }
}

/// <summary>How a conditional single-item write ended: its ReturnValues, or the item as it was when the condition failed (null: absent).</summary>
public readonly record struct WriteOutcome(bool Succeeded, Dictionary<string, AttributeValue>? Attributes, Dictionary<string, AttributeValue>? CurrentItem)
{
    public static WriteOutcome Success(Dictionary<string, AttributeValue>? attributes) => new(true, attributes, null);
    public static WriteOutcome Failed(Dictionary<string, AttributeValue>? current) => new(false, null, current is { Count: > 0 } ? current : null);
}

/// <summary>How a transaction ended; on cancellation, one reason per item in request order.</summary>
public sealed record TransactOutcome(bool Committed, IReadOnlyList<CancellationReason> Reasons)
{
    public static readonly TransactOutcome Success = new(true, []);

    /// <summary>True when item <paramref name="index"/> failed its condition.</summary>
    public bool FailedAt(int index) => index < Reasons.Count && Reasons[index].Code == "ConditionalCheckFailed";

    /// <summary>The item as it was when its condition failed (null when it did not exist).</summary>
    public Dictionary<string, AttributeValue>? CurrentAt(int index) =>
        index < Reasons.Count && Reasons[index].Item is { Count: > 0 } item ? item : null;
}
