namespace DynamoFS.Fuse.Tests.Memory;

/// <summary>
/// A complete, deliberately simple file system in memory, used to drive the FUSE protocol layer
/// through real system calls. One lock guards all state: correctness matters here, not speed.
/// Nothing inside the lock awaits; waits (SETLKW) happen outside it.
/// Split by concern: names (Namespace), contents (Data), xattrs, listings and locks.
/// </summary>
public sealed partial class MemoryFileSystem : IFuseFileSystem
{
    public const ulong RootId = 1;
    private const int NameMax = 255;

    private readonly object _gate = new();
    private readonly Dictionary<ulong, MemoryNode> _nodes = new();
    private readonly FuseInitSettings _settings;
    private ulong _nextId = RootId + 1;
    private ulong _nextHandle = 1;

    /// <param name="timeout">Entry and attribute timeout; zero (the default) sends every stat and lookup to us.</param>
    public MemoryFileSystem(FuseInitSettings? settings = null, TimeSpan? timeout = null)
    {
        _settings = settings ?? new FuseInitSettings();
        Timeout = timeout ?? TimeSpan.Zero;
        var root = new MemoryNode(RootId, 0, FileMode.Directory | 0x1ED /* 0755 */, 0, 0) { Links = 2 };
        root.Parent = root;
        _nodes.Add(RootId, root);
    }

    public CallLog Calls { get; } = new();
    public TimeSpan Timeout { get; }
    public IFuseNotifier? Notifier { get; private set; }

    /// <summary>Nodes still held in memory (linked, open or not yet forgotten by the kernel).</summary>
    public int NodeCount { get { lock (_gate) return _nodes.Count; } }

    public FuseInitSettings Init(IFuseNotifier notifier)
    {
        Calls.Record(Op.Init);
        Notifier = notifier;
        return _settings;
    }

    public void Destroy() => Calls.Record(Op.Destroy);

    public void Forget(ulong nodeId)
    {
        Calls.Record(Op.Forget);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node) || nodeId == RootId) return;
            node.Forgotten = true;
            DropIfUnused(node);
        }
    }

    /// <summary>While set and incomplete, LOOKUPs wait for it: tests use it to hold requests in flight.</summary>
    public Task? LookupGate { get; set; }

    public ValueTask<FuseResult<FuseEntry>> Lookup(FuseContext ctx, ulong parent, FuseName name)
    {
        Calls.Record(Op.Lookup);
        if (LookupGate is { IsCompleted: false } gate) return LookupAfter(gate, ctx, parent, name);
        return LookupNow(parent, name);
    }

    private async ValueTask<FuseResult<FuseEntry>> LookupAfter(Task gate, FuseContext ctx, ulong parent, FuseName name)
    {
        await gate.WaitAsync(ctx.Cancellation).ConfigureAwait(false);
        return await LookupNow(parent, name).ConfigureAwait(false);
    }

    private ValueTask<FuseResult<FuseEntry>> LookupNow(ulong parent, FuseName name)
    {
        lock (_gate)
        {
            var dir = DirectoryNode(parent, out int error);
            if (dir is null) return Fail<FuseEntry>(error);
            if (name.Length > NameMax) return Fail<FuseEntry>(Errno.ENAMETOOLONG);
            MemoryNode? found = name.IsDot ? dir : name.IsDotDot ? dir.Parent : dir.Directory!.TryGet(name, out var e) ? e.Node : null;
            if (found is null) return Fail<FuseEntry>(Errno.ENOENT);
            return Ok(EntryFor(found));
        }
    }

    public ValueTask<FuseResult<FuseAttributeReply>> GetAttr(FuseContext ctx, ulong nodeId, ulong? handle)
    {
        Calls.Record(Op.GetAttr);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Fail<FuseAttributeReply>(Errno.ENOENT);
            return Ok(new FuseAttributeReply(node.Attributes, Timeout));
        }
    }

    public ValueTask<FuseResult<FuseAttributeReply>> SetAttr(FuseContext ctx, ulong nodeId, FuseSetAttributes a)
    {
        Calls.Record(Op.SetAttr);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Fail<FuseAttributeReply>(Errno.ENOENT);
            if (a.Has(SetAttributeFields.Size))
            {
                if (node.IsDirectory) return Fail<FuseAttributeReply>(Errno.EISDIR);
                if (node.Data is null) return Fail<FuseAttributeReply>(Errno.EINVAL);
                node.Data.SetSize((long)a.Size);
                node.ModifyTime = FuseTime.Now; // the kernel sends no MTIME with a truncate: the FS owns it
            }
            if (a.Has(SetAttributeFields.Mode)) node.Mode = (node.Mode & FileMode.TypeMask) | (a.Mode & FileMode.PermissionMask);
            if (a.Has(SetAttributeFields.Uid)) node.Uid = a.Uid;
            if (a.Has(SetAttributeFields.Gid)) node.Gid = a.Gid;
            if (a.Has(SetAttributeFields.KillSuidGid)) node.Mode &= ~(FileMode.SetUid | ((node.Mode & 0x8) != 0 ? FileMode.SetGid : 0));
            if (a.Has(SetAttributeFields.AccessTimeNow)) node.AccessTime = FuseTime.Now;
            else if (a.Has(SetAttributeFields.AccessTime)) node.AccessTime = a.AccessTime;
            if (a.Has(SetAttributeFields.ModifyTimeNow)) node.ModifyTime = FuseTime.Now;
            else if (a.Has(SetAttributeFields.ModifyTime)) node.ModifyTime = a.ModifyTime;
            node.ChangeTime = a.Has(SetAttributeFields.ChangeTime) ? a.ChangeTime : FuseTime.Now;
            return Ok(new FuseAttributeReply(node.Attributes, Timeout));
        }
    }

    public ValueTask<FuseResult<FuseStatfs>> StatFs(FuseContext ctx, ulong nodeId)
    {
        Calls.Record(Op.StatFs);
        lock (_gate)
        {
            return Ok(new FuseStatfs
            {
                BlockSize = SparseData.PageSize,
                FragmentSize = SparseData.PageSize,
                Blocks = 1 << 20,
                BlocksFree = 1 << 19,
                BlocksAvailable = 1 << 19,
                Files = 1 << 20,
                FilesFree = (ulong)((1 << 20) - _nodes.Count),
                NameLength = NameMax,
            });
        }
    }

    public ValueTask<int> Access(FuseContext ctx, ulong nodeId, int mask)
    {
        Calls.Record(Op.Access);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return ValueTask.FromResult(Errno.ENOENT);
            return ValueTask.FromResult(CheckAccess(node, ctx.Uid, ctx.Gid, mask));
        }
    }

    /// <summary>The classic owner/group/other check; root passes except X on a file nobody may execute.</summary>
    private static int CheckAccess(MemoryNode node, uint uid, uint gid, int mask)
    {
        if (mask == 0) return 0;
        if (uid == 0)
            return (mask & 1) != 0 && !node.IsDirectory && (node.Mode & 0x49 /* 0111 */) == 0 ? Errno.EACCES : 0;
        uint bits = uid == node.Uid ? (node.Mode >> 6) & 7 : gid == node.Gid ? (node.Mode >> 3) & 7 : node.Mode & 7;
        return ((uint)mask & ~bits) == 0 ? 0 : Errno.EACCES;
    }

    // Every entry sent gives the kernel a reference again, so a forgotten node is live once more.
    private FuseEntry EntryFor(MemoryNode node)
    {
        node.Forgotten = false;
        return new FuseEntry
        {
            NodeId = node.Id,
            Generation = node.Generation,
            Attributes = node.Attributes,
            EntryTimeout = Timeout,
            AttributeTimeout = Timeout,
        };
    }

    private MemoryNode? DirectoryNode(ulong id, out int error)
    {
        error = 0;
        if (!_nodes.TryGetValue(id, out var node)) error = Errno.ENOENT;
        else if (!node.IsDirectory) error = Errno.ENOTDIR;
        return error == 0 ? node : null;
    }

    private MemoryNode NewNode(uint mode, FuseContext ctx)
    {
        var node = new MemoryNode(_nextId, _nextId, mode, ctx.Uid, ctx.Gid);
        _nextId++;
        _nodes.Add(node.Id, node);
        return node;
    }

    /// <summary>Frees a node once nothing can reach it: no links, no open handles, no kernel references.</summary>
    private void DropIfUnused(MemoryNode node)
    {
        if (node.Links == 0 && node.OpenHandles == 0 && node.Forgotten) _nodes.Remove(node.Id);
    }

    private static ValueTask<FuseResult<T>> Ok<T>(T value) => ValueTask.FromResult(FuseResult<T>.Ok(value));
    private static ValueTask<FuseResult<T>> Fail<T>(int errno) => ValueTask.FromResult(FuseResult<T>.Fail(errno));
    private static ValueTask<int> Done(int errno = 0) => ValueTask.FromResult(errno);
}
