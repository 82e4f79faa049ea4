using Amazon.DynamoDBv2.Model;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;

namespace DynamoFS.DynamoDb.Store;

/// <summary>
/// Approximate usage for statfs, without a hot item. Each client accumulates its own deltas (bytes
/// stored, inodes created minus deleted) in memory and adds them every flush interval to one of a
/// few counter items FS/USAGE#&lt;n&gt; (its shard is chosen at random when it starts, so clients
/// spread over them); statfs sums all shards with one Query plus this client's unflushed deltas.
/// Approximate by design: other clients' deltas appear after their next flush, deltas of a client
/// that dies unflushed are lost, and ADD is not idempotent, so a retried flush may count twice.
/// `dynamofs fsck` can recompute the exact figures.
/// </summary>
internal sealed class UsageCounters : IAsyncDisposable
{
    private const string BytesAttr = "b";
    private const string InodesAttr = "i";

    private readonly DynamoTable _table;
    private readonly int _shard;
    private readonly CancellationTokenSource _stop = new();
    /// <summary>Flushes and reads take turns, so this client's deltas are counted exactly once in a read.</summary>
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Task _loop;
    private long _bytes;
    private long _inodes;

    public UsageCounters(DynamoTable table, StoreOptions options)
    {
        _table = table;
        _shard = Random.Shared.Next(options.UsageShards);
        using (RequestStats.BeginBackground("usage"))
        {
            _loop = Task.Run(() => LoopAsync(options.UsageFlushInterval));
        }
    }

    public void Add(long bytes, long inodes)
    {
        if (bytes != 0)
        {
            Interlocked.Add(ref _bytes, bytes);
        }
        if (inodes != 0)
        {
            Interlocked.Add(ref _inodes, inodes);
        }
    }

    public async Task<(ulong Bytes, ulong Inodes)> ReadAsync(CancellationToken ct)
    {
        await _turn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await ReadLockedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<(ulong Bytes, ulong Inodes)> ReadLockedAsync(CancellationToken ct)
    {
        long bytes = Interlocked.Read(ref _bytes), inodes = Interlocked.Read(ref _inodes);
        var x = new Expression();
        var request = new QueryRequest
        {
            KeyConditionExpression = $"{x.N(Keys.Pk)} = {x.V(InodeCodec.S(Keys.UsagePartition))} AND begins_with({x.N(Keys.Sk)}, {x.V(InodeCodec.S(Keys.UsagePrefix))})",
        };
        request.ExpressionAttributeNames = x.Names;
        request.ExpressionAttributeValues = x.Values;
        while (true)
        {
            var page = await _table.QueryAsync(request, ct).ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                bytes += InodeCodec.I64(item, BytesAttr);
                inodes += InodeCodec.I64(item, InodesAttr);
            }
            if (page.LastEvaluatedKey is not { Count: > 0 } last)
            {
                break;
            }
            request.ExclusiveStartKey = last;
        }
        return ((ulong)Math.Max(0, bytes), (ulong)Math.Max(0, inodes));
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        await _turn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await FlushLockedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task FlushLockedAsync(CancellationToken ct)
    {
        long bytes = Interlocked.Read(ref _bytes);
        long inodes = Interlocked.Read(ref _inodes);
        if (bytes == 0 && inodes == 0)
        {
            return;
        }
        var x = new Expression();
        var request = new UpdateItemRequest
        {
            Key = Keys.Usage(_shard),
            UpdateExpression = $"ADD {x.N(BytesAttr)} {x.V(InodeCodec.N(bytes))}, {x.N(InodesAttr)} {x.V(InodeCodec.N(inodes))}",
        };
        request.ExpressionAttributeNames = x.Names;
        request.ExpressionAttributeValues = x.Values;
        await _table.UpdateItemAsync(request, ct).ConfigureAwait(false);
        // Only now take what was sent out of the local deltas (changes made meanwhile stay): a
        // statfs during the flush counts the deltas locally instead of missing them.
        Add(-bytes, -inodes);
    }

    /// <summary>The initial figures of a new file system (the root inode), written by the formatter.</summary>
    internal static Dictionary<string, AttributeValue> InitialItem()
    {
        var item = Keys.Usage(0);
        item[BytesAttr] = InodeCodec.N(0);
        item[InodesAttr] = InodeCodec.N(1);
        return item;
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await FlushAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Transient trouble beyond the retry budget: the deltas wait for the next tick.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        try
        {
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Unmounting with DynamoDB unreachable: the usage figures drift, fsck repairs them.
        }
        _stop.Dispose();
        _turn.Dispose();
    }
}
