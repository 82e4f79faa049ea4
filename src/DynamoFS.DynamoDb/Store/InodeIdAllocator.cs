using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;

namespace DynamoFS.DynamoDb.Store;

/// <summary>
/// Hands out inode ids from leases taken on the shared counter FS/NEXTINO with "ADD n :lease"
/// (atomic, so leases of different clients never overlap). When 10% of the current lease is
/// left the next one is fetched in the background, so a create never waits for the counter.
/// ADD is not idempotent: a retried lease request may skip a batch of ids, which wastes ids but
/// can never hand out one twice.
/// </summary>
internal sealed class InodeIdAllocator(DynamoTable table, int leaseSize)
{
    private readonly Lock _lock = new();
    private ulong _next;
    private ulong _end;
    private (ulong Start, ulong End)? _spare;
    private Task? _fetching;

    public async ValueTask<ulong> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_next >= _end && _spare is { } spare)
                {
                    (_next, _end) = spare;
                    _spare = null;
                }
                if (_next < _end)
                {
                    ulong id = _next++;
                    if (_end - _next <= (ulong)Math.Max(1, leaseSize / 10) && _spare is null)
                    {
                        _fetching ??= FetchAsync();
                    }
                    return id;
                }
                wait = _fetching ??= FetchAsync();
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private Task FetchAsync() => Task.Run(async () =>
    {
        try
        {
            var lease = await LeaseAsync().ConfigureAwait(false);
            lock (_lock)
            {
                _spare = lease;
            }
        }
        finally
        {
            lock (_lock)
            {
                _fetching = null;
            }
        }
    });

    private async Task<(ulong, ulong)> LeaseAsync()
    {
        var x = new Expression();
        var request = new UpdateItemRequest
        {
            Key = Keys.InodeCounter(),
            UpdateExpression = $"ADD {x.N("n")} {x.V(InodeCodec.N(leaseSize))}",
            // The formatter creates the counter past the root's id; without it ADD would start at 0.
            ConditionExpression = $"attribute_exists({x.N(Keys.Pk)})",
            ReturnValues = ReturnValue.UPDATED_NEW,
        };
        request.ExpressionAttributeNames = x.Names;
        request.ExpressionAttributeValues = x.Values;
        var outcome = await table.UpdateItemAsync(request, CancellationToken.None).ConfigureAwait(false);
        if (!outcome.Succeeded || outcome.Attributes is null)
        {
            throw new FileSystemNotFormattedException($"table {table.TableName} has no inode counter (FS/NEXTINO): it is not a formatted DynamoFS file system");
        }
        ulong end = InodeCodec.U64(outcome.Attributes, "n");
        return (end - (ulong)leaseSize, end);
    }
}
