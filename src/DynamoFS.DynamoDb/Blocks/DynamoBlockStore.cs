using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;

namespace DynamoFS.DynamoDb.Blocks;

/// <summary>
/// File data as one item per block (docs/DESIGN.md, "File data"): key B#&lt;ino&gt;#&lt;index&gt; / B,
/// attribute "d" holding the block up to its last non-zero byte. Every block is its own partition
/// key, so a big file is not capped by one partition's throughput, and calls for many blocks fan
/// out in parallel: up to <c>parallelism</c> requests per call, and at most <c>maxInFlight</c>
/// block requests across all calls of this store, so many files flushing at once cannot open
/// hundreds of connections or buffer unbounded data.
/// </summary>
public sealed class DynamoBlockStore : IBlockStore
{
    public const string Data = "d";
    private const int BatchGetLimit = 100;
    private const int BatchWriteLimit = 25;

    private readonly DynamoTable _table;
    private readonly int _blockSize;
    private readonly int _parallelism;
    private readonly SemaphoreSlim _inFlight;

    public DynamoBlockStore(DynamoTable table, int blockSize, int parallelism = 16, int maxInFlight = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _table = table;
        _blockSize = blockSize;
        _parallelism = parallelism;
        _inFlight = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    /// <summary>Runs one block request under the store-wide in-flight limit.</summary>
    private async Task<T> LimitedAsync<T>(Func<Task<T>> request, CancellationToken ct)
    {
        await _inFlight.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await request().ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    public int BlockSize => _blockSize;

    public async ValueTask<IReadOnlyDictionary<ulong, byte[]>> ReadBlocksAsync(ulong inode, IReadOnlyCollection<ulong> indices, CancellationToken ct)
    {
        var result = new Dictionary<ulong, byte[]>(indices.Count);
        if (indices.Count == 0)
        {
            return result;
        }
        if (indices.Count == 1)
        {
            // One block: GetItem is cheaper to send and parse than a batch of one.
            ulong index = indices.First();
            var item = await LimitedAsync(() => _table.GetItemAsync(Keys.Block(inode, index), ct), ct).ConfigureAwait(false);
            if (item is not null)
            {
                result[index] = DataOf(item);
            }
            return result;
        }
        var gate = new Lock();
        await Parallel.ForEachAsync(indices.Distinct().Chunk(BatchGetLimit), Options(ct), async (chunk, c) =>
        {
            var items = await LimitedAsync(() => _table.BatchGetAsync(chunk.Select(i => Keys.Block(inode, i)).ToList(), c), c).ConfigureAwait(false);
            lock (gate)
            {
                foreach (var item in items)
                {
                    result[Keys.ParseBlockIndex(item[Keys.Pk].S)] = DataOf(item);
                }
            }
        }).ConfigureAwait(false);
        return result;
    }

    public async ValueTask WriteBlocksAsync(ulong inode, IReadOnlyDictionary<ulong, ReadOnlyMemory<byte>> blocks, CancellationToken ct)
    {
        foreach (var (index, data) in blocks)
        {
            if (data.Length > _blockSize)
            {
                throw new ArgumentException($"block {index} of inode {inode} is {data.Length} bytes, more than the block size {_blockSize}", nameof(blocks));
            }
        }
        await Parallel.ForEachAsync(blocks, Options(ct), async (block, c) =>
        {
            var data = TrimTrailingZeros(block.Value);
            var key = Keys.Block(inode, block.Key);
            if (data.IsEmpty)
            {
                // An all-zero block is a hole: delete whatever was there instead of storing zeros.
                await LimitedAsync(() => _table.DeleteItemAsync(new DeleteItemRequest { Key = key }, c), c).ConfigureAwait(false);
                return;
            }
            key[Data] = InodeCodec.Bin(data);
            await LimitedAsync(() => _table.PutItemAsync(new PutItemRequest { Item = key }, c), c).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public ValueTask DeleteBlocksAsync(ulong inode, ulong first, ulong last, CancellationToken ct) =>
        DeleteBlocksAsync(inode, Range(first, last), ct);

    /// <summary>Deletes the given blocks (holes are fine), 25 per BatchWriteItem, batches in parallel.</summary>
    public async ValueTask DeleteBlocksAsync(ulong inode, IEnumerable<ulong> indices, CancellationToken ct)
    {
        await Parallel.ForEachAsync(indices.Chunk(BatchWriteLimit), Options(ct), async (chunk, c) =>
        {
            var writes = chunk.Select(i => new WriteRequest { DeleteRequest = new DeleteRequest { Key = Keys.Block(inode, i) } }).ToList();
            await LimitedAsync(async () => { await _table.BatchWriteAsync(writes, c).ConfigureAwait(false); return true; }, c).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ulong>> ListBlocksAsync(ulong inode, ulong first, ulong last, CancellationToken ct)
    {
        var found = new List<ulong>();
        var gate = new Lock();
        await Parallel.ForEachAsync(Range(first, last).Chunk(BatchGetLimit), Options(ct), async (chunk, c) =>
        {
            // Key-only projection: a read unit per 4 KB is billed on the whole item anyway, but
            // the response stays small.
            var items = await LimitedAsync(() => _table.BatchGetAsync(chunk.Select(i => Keys.Block(inode, i)).ToList(), c, projection: Keys.Pk), c).ConfigureAwait(false);
            lock (gate)
            {
                found.AddRange(items.Select(item => Keys.ParseBlockIndex(item[Keys.Pk].S)));
            }
        }).ConfigureAwait(false);
        found.Sort();
        return found;
    }

    private ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = _parallelism, CancellationToken = ct };

    private static byte[] DataOf(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(Data, out var d) && d.B is { } stream ? stream.ToArray() : [];

    internal static ReadOnlyMemory<byte> TrimTrailingZeros(ReadOnlyMemory<byte> data)
    {
        int end = data.Span.LastIndexOfAnyExcept((byte)0) + 1;
        return data[..end];
    }

    /// <summary>Indices first..last inclusive, lazily (the range may be huge and end at ulong.MaxValue).</summary>
    internal static IEnumerable<ulong> Range(ulong first, ulong last)
    {
        if (last < first)
        {
            yield break;
        }
        for (ulong i = first; ; i++)
        {
            yield return i;
            if (i == last)
            {
                yield break;
            }
        }
    }
}
