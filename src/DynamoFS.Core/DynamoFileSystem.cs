using System.Collections.Concurrent;
using DynamoFS.Core.Locks;
using DynamoFS.Core.Storage;
using DynamoFS.Fuse;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Core;

/// <summary>
/// POSIX file-system semantics over the storage contract: the FUSE operations, each checking
/// permissions itself (we mount without default_permissions), deciding the new state and
/// committing it with one atomic store primitive whose conditions guard what was decided on.
/// Split by concern into partial files (lookup, attributes, namespace, files, directories,
/// xattrs, locks). Kernel node ids are inode ids; the root is 1.
/// </summary>
public sealed partial class DynamoFileSystem : IFuseFileSystem
{
    private const ulong RootId = 1;

    private readonly IMetadataStore _meta;
    private readonly IBlockStore _blocks;
    private readonly FileSystemOptions _options;
    private readonly ILogger _log;
    private readonly NodeTable _nodes = new();
    private readonly HandleTable _handles = new();
    private readonly BlockCache _cache;
    private readonly DirtyBudget _budget;
    private readonly ILockManager _locks;
    /// <summary>Nodes holding dirty blocks: candidates for flushing when the dirty budget is full.</summary>
    private readonly ConcurrentDictionary<ulong, Node> _dirtyNodes = new();
    private readonly BlockMath _math;

    public DynamoFileSystem(IMetadataStore meta, IBlockStore blocks, FileSystemOptions? options = null)
    {
        _meta = meta;
        _blocks = blocks;
        _options = options ?? new FileSystemOptions();
        _log = _options.Logger;
        _cache = new BlockCache(_options.ReadCacheBytes);
        _budget = new DirtyBudget(_options.DirtyBytesLimit);
        _locks = _options.LockManager ?? new LocalLockManager();
        _math = new BlockMath(meta.Settings.BlockSize);
    }

    /// <summary>Live nodes (for tests and diagnostics).</summary>
    internal int NodeCount => _nodes.Count;

    /// <summary>Bytes of unflushed data held (for tests and diagnostics).</summary>
    internal long DirtyBytes => _budget.Used;

    private IFuseNotifier? _notifier;

    public FuseInitSettings Init(IFuseNotifier notifier)
    {
        _notifier = notifier;
        return Settings;
    }

    private static FuseInitSettings Settings => new()
    {
        // Shared storage: other clients change files, so no write-back page cache.
        WritebackCache = false,
        // The kernel applies the umask; we receive final modes.
        DontMask = false,
        PosixLocks = true,
        FlockLocks = true,
        ReaddirPlus = true,
        MaxWrite = 1024 * 1024,
    };

    public void Forget(ulong nodeId)
    {
        if (nodeId == RootId) return;
        var node = _nodes.Find(nodeId);
        if (node is null) return;
        node.KernelReferenced = false;
        _nodes.TryEvict(node);
    }

    public void Destroy()
    {
        // Best effort: make whatever is still buffered durable before the process goes away.
        try
        {
            FlushAllAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Flushing buffered data at unmount failed");
        }
    }

    /// <summary>Flushes every node with unflushed changes (unmount, tests).</summary>
    internal async ValueTask FlushAllAsync()
    {
        foreach (var node in _nodes.All)
        {
            if (node.Buffer is not { HasPending: true } buffer) continue;
            await node.Gate.WaitAsync().ConfigureAwait(false);
            try { await buffer.FlushAsync(false, null, CancellationToken.None).ConfigureAwait(false); }
            finally { node.Gate.Release(); }
        }
    }

    // ---------------------------------------------------------------- plumbing

    /// <summary>The single hook for cost accounting: every operation runs inside one scope.</summary>
    private IDisposable? BeginOperation(string name) => _options.BeginOperation?.Invoke(name);

    /// <summary>
    /// Runs one operation: opens its accounting scope, and turns storage exhaustion into EIO and
    /// an interrupt into EINTR (errors are values on this interface; exceptions are bugs).
    /// </summary>
    private async ValueTask<FuseResult<T>> Run<T>(string op, FuseContext ctx, Func<ValueTask<FuseResult<T>>> body)
    {
        using var scope = BeginOperation(op);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.Cancellation.IsCancellationRequested)
        {
            return FuseResult<T>.Fail(Errno.EINTR);
        }
        catch (StorageUnavailableException ex)
        {
            _log.LogError(ex, "{Operation}: storage unavailable", op);
            return FuseResult<T>.Fail(Errno.EIO);
        }
    }

    private async ValueTask<int> RunStatus(string op, FuseContext ctx, Func<ValueTask<int>> body)
    {
        using var scope = BeginOperation(op);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.Cancellation.IsCancellationRequested)
        {
            return Errno.EINTR;
        }
        catch (StorageUnavailableException ex)
        {
            _log.LogError(ex, "{Operation}: storage unavailable", op);
            return Errno.EIO;
        }
    }

    private static FuseResult<T> Fail<T>(int errno) => FuseResult<T>.Fail(errno);

    private static int ErrnoOf(StoreStatus status) => status switch
    {
        StoreStatus.Ok => 0,
        StoreStatus.Exists => Errno.EEXIST,
        StoreStatus.NotFound => Errno.ENOENT,
        StoreStatus.NotEmpty => Errno.ENOTEMPTY,
        StoreStatus.DirectoryRemoved => Errno.ENOENT,
        StoreStatus.WouldCreateCycle => Errno.EINVAL,
        _ => Errno.EIO,
    };

    private static long NowNs() => FuseTime.Now.TotalNanoseconds;

    /// <summary>
    /// The record of <paramref name="id"/> for a decision: this client's view if read within the
    /// attribute timeout (the store's version conditions catch anything that changed since),
    /// else a strongly consistent read.
    /// </summary>
    private async ValueTask<InodeRecord?> GetRecordAsync(ulong id, CancellationToken ct, bool fresh = false)
    {
        var node = _nodes.Find(id);
        if (node is not null && !fresh && node.IsFresh(_options.AttributeTimeout)) return node.Effective;
        var record = await _meta.GetInodeAsync(id, ct).ConfigureAwait(false);
        if (record is null) return node is not null && Volatile.Read(ref node.OpenHandles) > 0 ? node.Effective : null;
        if (node is null) return record;
        node.Update(record);
        return node.Effective;
    }

    /// <summary>The node of an id the kernel knows (it holds a reference), loading it if this client does not have it.</summary>
    private async ValueTask<Node?> GetNodeAsync(ulong id, CancellationToken ct, bool fresh = false)
    {
        var node = _nodes.Find(id);
        if (node is not null && !fresh && node.IsFresh(_options.AttributeTimeout)) return node;
        var record = await _meta.GetInodeAsync(id, ct).ConfigureAwait(false);
        if (record is null)
            return node is not null && Volatile.Read(ref node.OpenHandles) > 0 ? node : null;
        if (node is not null)
        {
            node.Update(record);
            return node;
        }
        node = _nodes.GetOrAdd(record);
        node.KernelReferenced = true;
        return node;
    }

    /// <summary>The write buffer of a regular file's node, created on first use.</summary>
    private FileBuffer BufferOf(Node node)
    {
        var b = node.Buffer;
        if (b is not null) return b;
        lock (node)
        {
            return node.Buffer ??= new FileBuffer(node, _meta, _blocks, _cache, _budget, n => _dirtyNodes[n.Id] = n);
        }
    }

    /// <summary>Stores a record we just committed into the node, if this client has one.</summary>
    private void Adopt(InodeRecord record) => _nodes.Find(record.Id)?.Update(record);

    /// <summary>Another change (link count, times) was made to this inode inside the store: re-read it next time.</summary>
    private void InvalidateNode(ulong id) => _nodes.Find(id)?.Invalidate();

    internal FuseAttributes ToAttributes(InodeRecord r)
    {
        ulong size = r.Size;
        if (FileMode.IsSymlink(r.Mode) && r.SymlinkTarget is { } target) size = (ulong)target.Length;
        if (FileMode.IsDirectory(r.Mode) && size == 0) size = 4096; // as local file systems show directories
        return new FuseAttributes
        {
            Inode = r.Id,
            Size = size,
            Blocks = (r.StoredBytes + 511) / 512,
            AccessTime = FuseTime.FromNanoseconds(r.AccessTimeNs),
            ModifyTime = FuseTime.FromNanoseconds(r.ModifyTimeNs),
            ChangeTime = FuseTime.FromNanoseconds(r.ChangeTimeNs),
            Mode = r.Mode,
            Links = r.Links,
            Uid = r.Uid,
            Gid = r.Gid,
            Rdev = r.Rdev,
            BlockSize = (uint)_math.BlockSize,
        };
    }

    private FuseEntry EntryFor(Node node) => EntryFor(node.Effective);

    /// <summary>
    /// The entry for <paramref name="child"/> named <paramref name="name"/> in <paramref name="parent"/>.
    /// Without default_permissions the kernel re-checks nothing on a cached name, so search
    /// permission is only enforced at LOOKUP: in a directory not searchable by every class
    /// (0700 homes...), names are not cached at all, and the names handed out are remembered so
    /// a later chmod/chown of the directory can drop them from the kernel's cache.
    /// </summary>
    private FuseEntry ChildEntry(ulong parent, ReadOnlySpan<byte> name, InodeRecord child)
    {
        var entry = EntryFor(child);
        var dir = _nodes.Find(parent);
        if (dir is null) return entry;
        dir.RememberChild(name);
        const uint searchAll = 0x49; // 0111
        return (dir.Record.Mode & searchAll) == searchAll ? entry : entry with { EntryTimeout = TimeSpan.Zero };
    }

    /// <summary>
    /// After the permissions of a directory changed, drops the names the kernel cached in it, so
    /// the next path walk comes back to LOOKUP and its search check. Sent from another thread,
    /// after the current request's reply: the kernel holds the directory's lock until then.
    /// </summary>
    private void InvalidateChildrenLater(Node dir)
    {
        var notifier = _notifier;
        if (notifier is null) return;
        var names = dir.TakeChildren();
        if (names.Count == 0) return;
        _ = Task.Run(async () =>
        {
            await Task.Delay(1).ConfigureAwait(false);
            foreach (var name in names)
            {
                try { notifier.InvalidateEntry(dir.Id, name); }
                catch (Exception ex) { _log.LogDebug(ex, "invalidating a cached name failed"); }
            }
        });
    }

    private FuseEntry EntryFor(InodeRecord r) => new()
    {
        NodeId = r.Id,
        Generation = (ulong)r.BirthTimeNs,
        Attributes = ToAttributes(r),
        EntryTimeout = _options.EntryTimeout,
        AttributeTimeout = _options.AttributeTimeout,
    };

    /// <summary>A name that does not exist: a negative entry the kernel may cache, or plain ENOENT.</summary>
    private FuseResult<FuseEntry> Negative() =>
        _options.NegativeTimeout > TimeSpan.Zero
            ? new FuseEntry { NodeId = 0, EntryTimeout = _options.NegativeTimeout }
            : Fail<FuseEntry>(Errno.ENOENT);
}
