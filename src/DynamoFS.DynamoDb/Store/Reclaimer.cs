using System.Threading.Channels;
using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Blocks;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;

namespace DynamoFS.DynamoDb.Store;

/// <summary>
/// Deletes the data of deleted inodes. Deleting an inode writes, in the same transaction, a
/// reclaim record R#&lt;shard&gt;/&lt;ino&gt; with its size; the data (blocks [0, ceil(size/bs)) and
/// xattr items) is then deleted outside any transaction, and the record last, so a client that
/// dies half way leaves a record that `dynamofs gc` (<see cref="ReclaimAllAsync"/>) finishes.
/// Inode ids are never reused, so nothing can refer to the data once the inode is gone.
/// This client's own deletes are reclaimed in the background right after they commit.
/// </summary>
public sealed class Reclaimer : IAsyncDisposable
{
    private const string SizeAttr = "s";
    private const string StoredAttr = "sb";
    private const string WhenAttr = "w";

    private readonly DynamoTable _table;
    private readonly DynamoBlockStore _blocks;
    private readonly Channel<(ulong Inode, ulong Size, ulong Stored)> _queue = Channel.CreateUnbounded<(ulong, ulong, ulong)>(new() { SingleReader = true });
    private readonly Task _worker;
    private long _pending;

    internal Reclaimer(DynamoTable table, DynamoBlockStore blocks, bool background)
    {
        _table = table;
        _blocks = blocks;
        using (RequestStats.BeginBackground("reclaim"))
        {
            _worker = background ? Task.Run(WorkAsync) : Task.CompletedTask;
        }
        if (!background)
        {
            _queue.Writer.Complete();
        }
    }

    /// <summary>The reclaim record to put in the transaction that deletes <paramref name="inode"/>.</summary>
    internal static TransactWriteItem RecordPut(InodeRecord inode, long nowUnixMs)
    {
        var item = Keys.Reclaim(inode.Id);
        item[SizeAttr] = InodeCodec.N(inode.Size);
        item[StoredAttr] = InodeCodec.N(inode.StoredBytes);
        item[WhenAttr] = InodeCodec.N(nowUnixMs);
        return new TransactWriteItem { Put = new Put { Item = item } };
    }

    internal void Enqueue(InodeRecord deleted)
    {
        if (_queue.Writer.TryWrite((deleted.Id, deleted.Size, deleted.StoredBytes)))
        {
            Interlocked.Increment(ref _pending);
        }
    }

    /// <summary>Waits until everything enqueued so far is reclaimed (tests, unmount).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (Interlocked.Read(ref _pending) > 0 && !_worker.IsCompleted)
        {
            await Task.Delay(10, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Finishes every reclaim record in the table (all clients'), for `dynamofs gc` and for
    /// leftovers of clients that died. Returns how many inodes were reclaimed.
    /// </summary>
    public async Task<int> ReclaimAllAsync(CancellationToken ct)
    {
        int done = 0;
        for (int shard = 0; shard < Keys.ReclaimShards; shard++)
        {
            var x = new Expression();
            var request = new QueryRequest
            {
                KeyConditionExpression = $"{x.N(Keys.Pk)} = {x.V(InodeCodec.S(Keys.ReclaimPartition(shard)))}",
            };
            request.ExpressionAttributeNames = x.Names;
            request.ExpressionAttributeValues = x.Values;
            while (true)
            {
                var page = await _table.QueryAsync(request, ct).ConfigureAwait(false);
                foreach (var item in page.Items ?? [])
                {
                    ulong inode = ulong.Parse(item[Keys.Sk].S, System.Globalization.CultureInfo.InvariantCulture);
                    await ReclaimAsync(inode, InodeCodec.U64(item, SizeAttr), InodeCodec.U64(item, StoredAttr), ct).ConfigureAwait(false);
                    done++;
                }
                if (page.LastEvaluatedKey is not { Count: > 0 } last)
                {
                    break;
                }
                request.ExclusiveStartKey = last;
            }
        }
        return done;
    }

    /// <summary>
    /// Deletes the blocks and xattrs of one deleted inode, then its record. Idempotent. A delete
    /// bills at least one write unit even when there is nothing to delete, and a read of a key
    /// costs a fifth of that, so for a sparse file (stored bytes under half its size) the blocks
    /// that exist are listed first and only those deleted.
    /// </summary>
    public async Task ReclaimAsync(ulong inode, ulong size, ulong storedBytes, CancellationToken ct)
    {
        if (size > 0)
        {
            ulong bs = (ulong)_blocks.BlockSize;
            ulong count = size / bs + (size % bs == 0 ? 0UL : 1UL);
            if (storedBytes < size / 2 && count > 1)
            {
                var present = await _blocks.ListBlocksAsync(inode, 0, count - 1, ct).ConfigureAwait(false);
                await _blocks.DeleteBlocksAsync(inode, present, ct).ConfigureAwait(false);
            }
            else
            {
                await _blocks.DeleteBlocksAsync(inode, 0, count - 1, ct).ConfigureAwait(false);
            }
        }
        await DeleteXattrsAsync(inode, ct).ConfigureAwait(false);
        await _table.DeleteItemAsync(new DeleteItemRequest { Key = Keys.Reclaim(inode) }, ct).ConfigureAwait(false);
    }

    private async Task DeleteXattrsAsync(ulong inode, CancellationToken ct)
    {
        var x = new Expression();
        var request = new QueryRequest
        {
            KeyConditionExpression = $"{x.N(Keys.Pk)} = {x.V(InodeCodec.S(Keys.InodePartition(inode)))} AND begins_with({x.N(Keys.Sk)}, {x.V(InodeCodec.S(Keys.XattrPrefix))})",
            ProjectionExpression = $"{x.N(Keys.Pk)}, {x.N(Keys.Sk)}",
        };
        request.ExpressionAttributeNames = x.Names;
        request.ExpressionAttributeValues = x.Values;
        while (true)
        {
            var page = await _table.QueryAsync(request, ct).ConfigureAwait(false);
            foreach (var chunk in (page.Items ?? []).Chunk(25))
            {
                await _table.BatchWriteAsync(chunk.Select(k => new WriteRequest { DeleteRequest = new DeleteRequest { Key = k } }).ToList(), ct).ConfigureAwait(false);
            }
            if (page.LastEvaluatedKey is not { Count: > 0 } last)
            {
                return;
            }
            request.ExclusiveStartKey = last;
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var (inode, size, stored) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await ReclaimAsync(inode, size, stored, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The record stays; gc (or a later ReclaimAllAsync) finishes the job.
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }
}
