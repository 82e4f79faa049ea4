using DynamoFS.DynamoDb.Requests;

namespace DynamoFS.DynamoDb.Store;

/// <summary>Tunables of the DynamoDB store; the defaults are what a mount uses.</summary>
public sealed record StoreOptions
{
    public RetryOptions Retry { get; init; } = RetryOptions.Default;

    /// <summary>Requests and capacity are counted here (shared with the block store and Core's stats file).</summary>
    public RequestStats? Stats { get; init; }

    /// <summary>How long an rmdir guard blocks creates if its client dies before committing.</summary>
    public TimeSpan RemovalGuardLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At most one parent mtime/ctime update per directory in this interval (the latest time wins).</summary>
    public TimeSpan TouchInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Inode ids leased per counter update; the next lease is fetched when 10% remain.</summary>
    public int InodeLeaseSize { get; init; } = 1024;

    /// <summary>Usage deltas are flushed to the shared counters this often (statfs is approximate by that much).</summary>
    public TimeSpan UsageFlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Number of FS/USAGE#n counter items; each client writes one (chosen at random), statfs sums them all.</summary>
    public int UsageShards { get; init; } = 8;

    /// <summary>Reclaim the data of inodes this client deletes in the background, right after the delete commits.</summary>
    public bool BackgroundReclaim { get; init; } = true;

    /// <summary>Wall clock in Unix milliseconds (guard expiry). Replaceable for tests.</summary>
    public Func<long> UnixMsClock { get; init; } = () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Delay added before every request attempt, by request kind (emulates network latency on DynamoDB Local for scale benchmarks).</summary>
    public Func<RequestKind, TimeSpan>? ArtificialLatency { get; init; }

    /// <summary>Called with the keys each TransactWriteItems names, before it is sent (contention tests).</summary>
    public Action<TransactionRecord>? TransactionObserver { get; init; }

    /// <summary>Blocks fetched or written in parallel per block-store call.</summary>
    public int BlockParallelism { get; init; } = 16;
}
