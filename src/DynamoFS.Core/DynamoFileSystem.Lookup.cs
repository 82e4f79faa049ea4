using DynamoFS.Core.Storage;
using DynamoFS.Fuse;

namespace DynamoFS.Core;

// Name resolution and read-only inode queries: lookup, getattr, access, readlink, statfs.
public sealed partial class DynamoFileSystem
{
    public ValueTask<FuseResult<FuseEntry>> Lookup(FuseContext ctx, ulong parent, FuseName name) => Run("lookup", ctx, async () =>
    {
        int e = NameRules.Validate(name);
        if (e != 0) return Fail<FuseEntry>(e);
        var ct = ctx.Cancellation;
        var dir = await GetRecordAsync(parent, ct).ConfigureAwait(false);
        if (dir is null) return Fail<FuseEntry>(Errno.ENOENT);
        if (!FileMode.IsDirectory(dir.Mode)) return Fail<FuseEntry>(Errno.ENOTDIR);
        // Search permission on every directory the path walks through.
        if (!Permissions.MayAccess(dir, Caller.From(ctx), Permissions.Execute)) return Fail<FuseEntry>(Errno.EACCES);

        if (name.IsDot || name.IsDotDot)
        {
            ulong target = name.IsDot ? parent : (dir.Parent == 0 ? RootId : dir.Parent);
            var node = await GetNodeAsync(target, ct, fresh: true).ConfigureAwait(false);
            if (node is null) return Fail<FuseEntry>(Errno.ENOENT);
            node.KernelReferenced = true;
            return EntryFor(node);
        }

        var entry = await _meta.GetEntryAsync(parent, name.Span.ToArray(), ct).ConfigureAwait(false);
        if (entry is null) return Negative();
        var record = await _meta.GetInodeAsync(entry.Inode, ct).ConfigureAwait(false);
        if (record is null) return Negative(); // removed between the two reads
        var child = _nodes.GetOrAdd(record);
        child.KernelReferenced = true;
        return ChildEntry(parent, name.Span, child.Effective);
    });

    public ValueTask<FuseResult<FuseAttributeReply>> GetAttr(FuseContext ctx, ulong nodeId, ulong? handle) => Run("getattr", ctx, async () =>
    {
        var node = await GetNodeAsync(nodeId, ctx.Cancellation).ConfigureAwait(false);
        if (node is null) return Fail<FuseAttributeReply>(Errno.ENOENT);
        return new FuseAttributeReply(ToAttributes(node.Effective), _options.AttributeTimeout);
    });

    public ValueTask<int> Access(FuseContext ctx, ulong nodeId, int mask) => RunStatus("access", ctx, async () =>
    {
        var record = await GetRecordAsync(nodeId, ctx.Cancellation).ConfigureAwait(false);
        if (record is null) return Errno.ENOENT;
        if ((mask & Permissions.Write) != 0 && _options.ReadOnly) return Errno.EROFS;
        return Permissions.MayAccess(record, Caller.From(ctx), mask) ? 0 : Errno.EACCES;
    });

    public ValueTask<FuseResult<byte[]>> ReadLink(FuseContext ctx, ulong nodeId) => Run("readlink", ctx, async () =>
    {
        var record = await GetRecordAsync(nodeId, ctx.Cancellation).ConfigureAwait(false);
        if (record is null) return Fail<byte[]>(Errno.ENOENT);
        if (!FileMode.IsSymlink(record.Mode) || record.SymlinkTarget is null) return Fail<byte[]>(Errno.EINVAL);
        return record.SymlinkTarget;
    });

    public ValueTask<FuseResult<FuseStatfs>> StatFs(FuseContext ctx, ulong nodeId) => Run<FuseStatfs>("statfs", ctx, async () =>
    {
        var (bytes, inodes) = await _meta.GetUsageAsync(ctx.Cancellation).ConfigureAwait(false);
        // DynamoDB has no fixed capacity; report a large virtual one minus what is used, so df
        // shows real usage and tools that check free space before writing proceed.
        const uint unit = 4096;
        ulong total = _options.VirtualCapacityBytes / unit;
        ulong used = Math.Min(total, (bytes + unit - 1) / unit);
        ulong files = _options.VirtualInodes;
        return new FuseStatfs
        {
            Blocks = total,
            BlocksFree = total - used,
            BlocksAvailable = total - used,
            Files = files,
            FilesFree = files - Math.Min(files, inodes),
            BlockSize = unit,
            FragmentSize = unit,
            NameLength = NameRules.MaxNameBytes,
        };
    });
}
