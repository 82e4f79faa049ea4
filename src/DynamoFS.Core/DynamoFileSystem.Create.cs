using DynamoFS.Core.Storage;
using DynamoFS.Fuse;

namespace DynamoFS.Core;

// Operations that add a name: mknod, mkdir, symlink, create (+open), link.
public sealed partial class DynamoFileSystem
{
    /// <summary>Conflicts retried before giving up; each retry re-reads what the decision depends on.</summary>
    private const int MaxAttempts = 32;

    /// <summary>
    /// The durable record (without this client's unflushed changes) for a decision whose result
    /// is stored with a version condition: fresh when a previous attempt hit a conflict.
    /// </summary>
    private async ValueTask<InodeRecord?> GetDurableAsync(ulong id, bool fresh, CancellationToken ct)
    {
        var node = _nodes.Find(id);
        if (node is not null && !fresh && node.IsFresh(_options.AttributeTimeout)) return node.Record;
        var record = await _meta.GetInodeAsync(id, ct).ConfigureAwait(false);
        if (record is not null) node?.Update(record);
        return record;
    }

    /// <summary>
    /// Checks that <paramref name="parent"/> is a live directory the caller may add names to;
    /// returns it, or an errno.
    /// </summary>
    private async ValueTask<(InodeRecord? Dir, int Errno)> WritableDirectoryAsync(FuseContext ctx, ulong parent, bool fresh)
    {
        var dir = await GetRecordAsync(parent, ctx.Cancellation, fresh).ConfigureAwait(false);
        if (dir is null || dir.Links == 0) return (null, Errno.ENOENT);
        if (!FileMode.IsDirectory(dir.Mode)) return (null, Errno.ENOTDIR);
        if (!Permissions.MayAccess(dir, Caller.From(ctx), Permissions.Write | Permissions.Execute)) return (null, Errno.EACCES);
        return (dir, 0);
    }

    /// <summary>A directory's contents changed: advance its mtime/ctime and forget our cached copy.</summary>
    private async ValueTask DirectoryChangedAsync(ulong directory, long nowNs)
    {
        await _meta.TouchDirectoryAsync(directory, nowNs, CancellationToken.None).ConfigureAwait(false);
        var node = _nodes.Find(directory);
        node?.Touched(nowNs);
        node?.Invalidate();
    }

    /// <summary>Creates a new inode named <paramref name="name"/> in <paramref name="parent"/> (every kind but hard links).</summary>
    private async ValueTask<FuseResult<Node>> CreateInodeAsync(FuseContext ctx, ulong parent, FuseName name, uint mode, uint rdev, byte[]? symlinkTarget)
    {
        int e = NameRules.ValidateForChange(name, Errno.EEXIST);
        if (e != 0) return Fail<Node>(e);
        if (_options.ReadOnly) return Fail<Node>(Errno.EROFS);
        var (dir, err) = await WritableDirectoryAsync(ctx, parent, fresh: false).ConfigureAwait(false);
        if (dir is null) return Fail<Node>(err);

        var caller = Caller.From(ctx);
        (uint gid, mode) = Permissions.NewInodeOwnership(dir, caller, mode);
        bool isDir = FileMode.IsDirectory(mode);
        ulong id = await _meta.NewInodeIdAsync(CancellationToken.None).ConfigureAwait(false);
        long now = NowNs();
        var record = new InodeRecord
        {
            Id = id,
            Mode = mode,
            Uid = ctx.Uid,
            Gid = gid,
            Size = (ulong)(symlinkTarget?.Length ?? 0),
            Links = isDir ? 2u : 1u,
            Rdev = rdev,
            AccessTimeNs = now,
            ModifyTimeNs = now,
            ChangeTimeNs = now,
            BirthTimeNs = now,
            Version = 1,
            Parent = isDir ? parent : 0,
            SymlinkTarget = symlinkTarget,
        };
        var status = await _meta.CreateAsync(parent, name.Span.ToArray(), record, CancellationToken.None).ConfigureAwait(false);
        if (status != StoreStatus.Ok) return Fail<Node>(ErrnoOf(status));
        await DirectoryChangedAsync(parent, now).ConfigureAwait(false);
        var node = _nodes.GetOrAdd(record);
        node.KernelReferenced = true;
        return node;
    }

    public ValueTask<FuseResult<FuseEntry>> MakeNode(FuseContext ctx, ulong parent, FuseName name, uint mode, uint rdev, uint umask) => Run("mknod", ctx, async () =>
    {
        uint type = mode & FileMode.TypeMask;
        if (type == 0) type = FileMode.Regular;
        switch (type)
        {
            case FileMode.Regular or FileMode.Fifo or FileMode.Socket:
                rdev = 0;
                break;
            case FileMode.Char or FileMode.Block:
                if (ctx.Uid != 0) return Fail<FuseEntry>(Errno.EPERM); // CAP_MKNOD
                break;
            case FileMode.Directory:
                return Fail<FuseEntry>(Errno.EPERM);
            default:
                return Fail<FuseEntry>(Errno.EINVAL);
        }
        var r = await CreateInodeAsync(ctx, parent, name, type | (mode & FileMode.PermissionMask), rdev, null).ConfigureAwait(false);
        return r.IsSuccess ? ChildEntry(parent, name.Span, r.Value.Effective) : Fail<FuseEntry>(r.Error);
    });

    public ValueTask<FuseResult<FuseEntry>> MakeDirectory(FuseContext ctx, ulong parent, FuseName name, uint mode, uint umask) => Run("mkdir", ctx, async () =>
    {
        // mkdir keeps permission and sticky bits; set-group-id comes only from the parent.
        var r = await CreateInodeAsync(ctx, parent, name, FileMode.Directory | (mode & 0x3FF), 0, null).ConfigureAwait(false);
        return r.IsSuccess ? ChildEntry(parent, name.Span, r.Value.Effective) : Fail<FuseEntry>(r.Error);
    });

    public ValueTask<FuseResult<FuseEntry>> Symlink(FuseContext ctx, ulong parent, FuseName name, byte[] target) => Run("symlink", ctx, async () =>
    {
        if (target.Length == 0) return Fail<FuseEntry>(Errno.ENOENT);
        if (target.Length > NameRules.MaxSymlinkBytes) return Fail<FuseEntry>(Errno.ENAMETOOLONG);
        var r = await CreateInodeAsync(ctx, parent, name, FileMode.Symlink | 0x1FF, 0, target).ConfigureAwait(false);
        return r.IsSuccess ? ChildEntry(parent, name.Span, r.Value.Effective) : Fail<FuseEntry>(r.Error);
    });

    public ValueTask<FuseResult<FuseCreateReply>> Create(FuseContext ctx, ulong parent, FuseName name, uint mode, uint umask, int flags) => Run("create", ctx, async () =>
    {
        var r = await CreateInodeAsync(ctx, parent, name, FileMode.Regular | (mode & FileMode.PermissionMask), 0, null).ConfigureAwait(false);
        if (!r.IsSuccess)
        {
            // O_CREAT without O_EXCL on a name that appeared meanwhile: open what is there.
            if (r.Error != Errno.EEXIST || (flags & OpenFlags.Excl) != 0) return Fail<FuseCreateReply>(r.Error);
            var existing = await Lookup(ctx, parent, name).ConfigureAwait(false);
            if (!existing.IsSuccess || existing.Value.NodeId == 0) return Fail<FuseCreateReply>(existing.IsSuccess ? Errno.ENOENT : existing.Error);
            var opened = await OpenCoreAsync(ctx, existing.Value.NodeId, flags & ~OpenFlags.Creat, killSuidGid: false).ConfigureAwait(false);
            if (!opened.IsSuccess) return Fail<FuseCreateReply>(opened.Error);
            var n = _nodes.Find(existing.Value.NodeId)!;
            return new FuseCreateReply(ChildEntry(parent, name.Span, n.Effective), opened.Value);
        }
        var node = r.Value;
        // The creator may open the new file whatever its mode says (open(O_CREAT|O_RDWR, 0)).
        var handle = _handles.Add(node, flags);
        return new FuseCreateReply(ChildEntry(parent, name.Span, node.Effective), new FuseOpenReply(handle.Id));
    });

    public ValueTask<FuseResult<FuseEntry>> Link(FuseContext ctx, ulong nodeId, ulong newParent, FuseName newName) => Run("link", ctx, async () =>
    {
        int e = NameRules.ValidateForChange(newName, Errno.EEXIST);
        if (e != 0) return Fail<FuseEntry>(e);
        if (_options.ReadOnly) return Fail<FuseEntry>(Errno.EROFS);
        var nameBytes = newName.Span.ToArray();
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var source = await GetDurableAsync(nodeId, fresh: attempt > 0, ctx.Cancellation).ConfigureAwait(false);
            if (source is null || source.Links == 0) return Fail<FuseEntry>(Errno.ENOENT);
            if (FileMode.IsDirectory(source.Mode)) return Fail<FuseEntry>(Errno.EPERM);
            if (source.Links >= NameRules.MaxLinks) return Fail<FuseEntry>(Errno.EMLINK);
            var (dir, err) = await WritableDirectoryAsync(ctx, newParent, fresh: attempt > 0).ConfigureAwait(false);
            if (dir is null) return Fail<FuseEntry>(err);
            long now = NowNs();
            var updated = source with { Links = source.Links + 1, ChangeTimeNs = Math.Max(now, source.ChangeTimeNs), Version = source.Version + 1 };
            var status = await _meta.LinkAsync(newParent, nameBytes, updated, CancellationToken.None).ConfigureAwait(false);
            if (status == StoreStatus.Conflict) continue;
            if (status != StoreStatus.Ok) return Fail<FuseEntry>(ErrnoOf(status));
            await DirectoryChangedAsync(newParent, now).ConfigureAwait(false);
            var node = _nodes.GetOrAdd(updated);
            node.KernelReferenced = true;
            return ChildEntry(newParent, newName.Span, node.Effective);
        }
        return Fail<FuseEntry>(Errno.EIO);
    });
}
