using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoFS.Core;

/// <summary>How a mounted file system behaves on this client: cache lifetimes, memory bounds, read-only.</summary>
public sealed record FileSystemOptions
{
    /// <summary>How long the kernel may trust a name → node mapping.</summary>
    public TimeSpan EntryTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the kernel (and this client) may trust cached attributes.</summary>
    public TimeSpan AttributeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the kernel may remember that a name does not exist (0 disables negative entries).</summary>
    public TimeSpan NegativeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Refuse every change with EROFS.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Unflushed file data this client may hold in memory before writers must wait for a flush.</summary>
    public long DirtyBytesLimit { get; init; } = 64L * 1024 * 1024;

    /// <summary>Clean blocks kept for re-reading (LRU).</summary>
    public long ReadCacheBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Virtual capacity reported by statfs: DynamoDB has no fixed size, but df needs a number.</summary>
    public ulong VirtualCapacityBytes { get; init; } = 1UL << 50; // 1 PiB

    /// <summary>Virtual inode count reported by statfs.</summary>
    public ulong VirtualInodes { get; init; } = 1UL << 40;

    /// <summary>
    /// Cost-accounting hook: called with the operation name ("create", "write"...) at the start of
    /// every operation; the returned scope is disposed when it ends. The storage layer's request
    /// statistics plug in here (Core cannot reference the DynamoDB project).
    /// </summary>
    public Func<string, IDisposable?>? BeginOperation { get; init; }

    /// <summary>Lock manager; null uses <see cref="Locks.LocalLockManager"/> (locks visible to this client only).</summary>
    public Locks.ILockManager? LockManager { get; init; }

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
