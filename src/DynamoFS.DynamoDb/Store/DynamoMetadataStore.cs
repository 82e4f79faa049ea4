using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Blocks;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;

namespace DynamoFS.DynamoDb.Store;

/// <summary>
/// <see cref="IMetadataStore"/> on one DynamoDB table, exactly as docs/DESIGN.md describes: every
/// read strongly consistent, every change one conditional write or one TransactWriteItems whose
/// conditions are the facts the caller decided on. This file: opening, reads, ids, usage and
/// directory times; the changes live in the partial files next to it (Create, Remove, Rename,
/// Inodes, Xattrs).
/// </summary>
public sealed partial class DynamoMetadataStore : IMetadataStore, IAsyncDisposable
{
    private const uint TypeMask = 0xF000;
    private const uint DirectoryType = 0x4000;
    private const string EntryInode = "i";
    private const string EntryType = "y";

    private readonly StoreOptions _options;
    private readonly InodeIdAllocator _ids;
    private readonly DirectoryToucher _toucher;
    private readonly UsageCounters _usage;

    private DynamoMetadataStore(DynamoTable table, FileSystemSettings settings, StoreOptions options)
    {
        Table = table;
        Settings = settings;
        _options = options;
        Blocks = new DynamoBlockStore(table, settings.BlockSize, options.BlockParallelism);
        Reclaimer = new Reclaimer(table, Blocks, options.BackgroundReclaim);
        _ids = new InodeIdAllocator(table, options.InodeLeaseSize);
        _toucher = new DirectoryToucher(table, options.TouchInterval);
        _usage = new UsageCounters(table, options);
    }

    /// <summary>
    /// Opens the file system in <paramref name="tableName"/>: reads its settings item (one
    /// GetItem). Throws <see cref="FileSystemNotFormattedException"/> when the table is missing or
    /// was never formatted.
    /// </summary>
    public static async Task<DynamoMetadataStore> OpenAsync(IAmazonDynamoDB client, string tableName, StoreOptions? options = null, CancellationToken ct = default)
    {
        options ??= new StoreOptions();
        var table = new DynamoTable(client, tableName, options.Retry, options.Stats)
        {
            ArtificialLatency = options.ArtificialLatency,
            TransactionObserver = options.TransactionObserver,
        };
        Dictionary<string, AttributeValue>? item;
        using (RequestStats.BeginOperation("open"))
        {
            try
            {
                item = await table.GetItemAsync(Keys.Settings(), ct).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException e)
            {
                throw new FileSystemNotFormattedException($"DynamoDB table '{tableName}' does not exist: run `dynamofs format` first", e);
            }
        }
        if (item is null)
        {
            throw new FileSystemNotFormattedException($"DynamoDB table '{tableName}' is not a DynamoFS file system (it has no settings item FS/SETTINGS): run `dynamofs format` first");
        }
        var settings = SettingsCodec.Decode(item);
        if (settings.FormatVersion > SettingsCodec.CurrentFormatVersion)
        {
            throw new FileSystemNotFormattedException($"DynamoDB table '{tableName}' has format version {settings.FormatVersion}; this dynamofs understands up to {SettingsCodec.CurrentFormatVersion}");
        }
        return new DynamoMetadataStore(table, settings, options);
    }

    public FileSystemSettings Settings { get; }

    /// <summary>The request path shared with <see cref="Blocks"/>: stats, latency emulation, transaction hook.</summary>
    public DynamoTable Table { get; }

    public RequestStats Stats => Table.Stats;

    /// <summary>The block store of this file system, sharing this store's table client and stats.</summary>
    public DynamoBlockStore Blocks { get; }

    /// <summary>Reclaims deleted inodes' data; <see cref="Reclaimer.ReclaimAllAsync"/> is what `dynamofs gc` calls.</summary>
    public Reclaimer Reclaimer { get; }

    private long NowMs => _options.UnixMsClock();

    public async ValueTask<InodeRecord?> GetInodeAsync(ulong inode, CancellationToken ct)
    {
        var item = await Table.GetItemAsync(Keys.Inode(inode), ct).ConfigureAwait(false);
        return item is null ? null : InodeCodec.Decode(item);
    }

    public async ValueTask<IReadOnlyDictionary<ulong, InodeRecord>> GetInodesAsync(IReadOnlyCollection<ulong> inodes, CancellationToken ct)
    {
        var result = new Dictionary<ulong, InodeRecord>(inodes.Count);
        var gate = new Lock();
        await Parallel.ForEachAsync(inodes.Distinct().Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = _options.BlockParallelism, CancellationToken = ct }, async (chunk, c) =>
        {
            var items = await Table.BatchGetAsync(chunk.Select(Keys.Inode).ToList(), c).ConfigureAwait(false);
            lock (gate)
            {
                foreach (var item in items)
                {
                    var record = InodeCodec.Decode(item);
                    result[record.Id] = record;
                }
            }
        }).ConfigureAwait(false);
        return result;
    }

    public async ValueTask<DirectoryEntry?> GetEntryAsync(ulong directory, byte[] name, CancellationToken ct)
    {
        var item = await Table.GetItemAsync(Keys.Entry(directory, name), ct).ConfigureAwait(false);
        return item is null ? null : DecodeEntry(item);
    }

    public async ValueTask<DirectoryPage> ListEntriesAsync(ulong directory, ulong afterCookie, int limit, CancellationToken ct)
    {
        limit = Math.Max(1, limit);
        if (Keys.EntryRangeAfter(afterCookie) is not var (from, to))
        {
            return new DirectoryPage([], false);
        }
        var x = new Expression();
        var request = new QueryRequest
        {
            KeyConditionExpression = $"{x.N(Keys.Pk)} = {x.V(InodeCodec.S(Keys.InodePartition(directory)))} AND {x.N(Keys.Sk)} BETWEEN {x.V(InodeCodec.S(from))} AND {x.V(InodeCodec.S(to))}",
            ProjectionExpression = $"{x.N(Keys.Sk)}, {x.N(EntryInode)}, {x.N(EntryType)}",
        };
        request.ExpressionAttributeNames = x.Names;
        request.ExpressionAttributeValues = x.Values;
        var entries = new List<DirectoryEntry>(Math.Min(limit + 1, 1024));
        while (true)
        {
            // One more than asked, to know whether anything follows without another round trip.
            request.Limit = limit + 1 - entries.Count;
            var page = await Table.QueryAsync(request, ct).ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                entries.Add(DecodeEntry(item));
            }
            if (entries.Count > limit)
            {
                entries.RemoveRange(limit, entries.Count - limit);
                return new DirectoryPage(entries, true);
            }
            if (page.LastEvaluatedKey is not { Count: > 0 } last)
            {
                return new DirectoryPage(entries, false);
            }
            request.ExclusiveStartKey = last;
        }
    }

    public ulong CookieOf(ReadOnlySpan<byte> name) => DirectoryCookie.Of(name);

    public ValueTask<ulong> NewInodeIdAsync(CancellationToken ct) => _ids.NextAsync(ct);

    public ValueTask TouchDirectoryAsync(ulong directory, long timeNs, CancellationToken ct)
    {
        _toucher.Touch(directory, timeNs);
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits for coalesced directory-time updates already requested (tests, unmount).</summary>
    public Task FlushTouchesAsync() => _toucher.FlushAsync();

    public async ValueTask<(ulong Bytes, ulong Inodes)> GetUsageAsync(CancellationToken ct) =>
        await _usage.ReadAsync(ct).ConfigureAwait(false);

    /// <summary>Writes this client's pending usage deltas now (tests; otherwise every flush interval).</summary>
    public Task FlushUsageAsync(CancellationToken ct) => _usage.FlushAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _toucher.FlushAsync().ConfigureAwait(false);
        await _usage.DisposeAsync().ConfigureAwait(false);
        await Reclaimer.DisposeAsync().ConfigureAwait(false);
    }

    private static bool IsDirectory(uint mode) => (mode & TypeMask) == DirectoryType;

    private static DirectoryEntry DecodeEntry(Dictionary<string, AttributeValue> item)
    {
        var (name, cookie) = Keys.ParseEntrySortKey(item[Keys.Sk].S);
        return new DirectoryEntry(name, InodeCodec.U64(item, EntryInode), (uint)InodeCodec.U64(item, EntryType), cookie);
    }

    /// <summary>The entry item name → inode; "y" holds the type bits of the mode (S_IFMT), what readdir reports.</summary>
    private static Dictionary<string, AttributeValue> EncodeEntry(ulong directory, byte[] name, ulong inode, uint mode)
    {
        var item = Keys.Entry(directory, name);
        item[EntryInode] = InodeCodec.N(inode);
        item[EntryType] = InodeCodec.N(mode & TypeMask);
        return item;
    }
}
