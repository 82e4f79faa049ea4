using DynamoFS.Core.Storage;
using DynamoFS.Fuse;

namespace DynamoFS.Core;

// SETATTR: chmod, chown, truncate, utimensat, with the permission rules Linux applies.
public sealed partial class DynamoFileSystem
{
    public ValueTask<FuseResult<FuseAttributeReply>> SetAttr(FuseContext ctx, ulong nodeId, FuseSetAttributes a) => Run("setattr", ctx, async () =>
    {
        var node = await GetNodeAsync(nodeId, ctx.Cancellation).ConfigureAwait(false);
        if (node is null) return Fail<FuseAttributeReply>(Errno.ENOENT);
        const SetAttributeFields changes = SetAttributeFields.Mode | SetAttributeFields.Uid | SetAttributeFields.Gid | SetAttributeFields.Size
            | SetAttributeFields.AccessTime | SetAttributeFields.ModifyTime | SetAttributeFields.AccessTimeNow | SetAttributeFields.ModifyTimeNow
            | SetAttributeFields.ChangeTime | SetAttributeFields.KillSuidGid;
        if ((a.Fields & changes) == 0) return new FuseAttributeReply(ToAttributes(node.Effective), _options.AttributeTimeout);
        if (_options.ReadOnly) return Fail<FuseAttributeReply>(Errno.EROFS);

        var caller = Caller.From(ctx);
        var record = node.Effective;
        int e = CheckSetAttr(record, caller, a, out uint newMode);
        if (e != 0) return Fail<FuseAttributeReply>(e);

        if (a.Has(SetAttributeFields.Size))
        {
            if (FileMode.IsDirectory(record.Mode)) return Fail<FuseAttributeReply>(Errno.EISDIR);
            if (!FileMode.IsRegular(record.Mode)) return Fail<FuseAttributeReply>(Errno.EINVAL);
            if (a.Size > MaxFileSize) return Fail<FuseAttributeReply>(Errno.EFBIG);
            if (a.Has(SetAttributeFields.Handle))
            {
                var h = _handles.Find(a.Handle);
                if (h is not null && !h.CanWrite) return Fail<FuseAttributeReply>(Errno.EBADF);
            }
            else if (!Permissions.MayAccess(record, caller, Permissions.Write))
            {
                return Fail<FuseAttributeReply>(Errno.EACCES);
            }
        }

        long now = NowNs();
        InodeRecord Change(InodeRecord r)
        {
            uint mode = r.Mode;
            if (a.Has(SetAttributeFields.Mode)) mode = (r.Mode & FileMode.TypeMask) | newMode;
            else if (a.Has(SetAttributeFields.Uid) || a.Has(SetAttributeFields.Gid) || a.Has(SetAttributeFields.KillSuidGid))
                mode = Permissions.KillSuidGid(mode); // chown drops set-user-id / set-group-id (with group-execute) of non-directories
            var changed = r with
            {
                Mode = mode,
                Uid = a.Has(SetAttributeFields.Uid) ? a.Uid : r.Uid,
                Gid = a.Has(SetAttributeFields.Gid) ? a.Gid : r.Gid,
                AccessTimeNs = a.Has(SetAttributeFields.AccessTimeNow) ? now
                    : a.Has(SetAttributeFields.AccessTime) ? a.AccessTime.TotalNanoseconds : r.AccessTimeNs,
                ModifyTimeNs = a.Has(SetAttributeFields.ModifyTimeNow) ? now
                    : a.Has(SetAttributeFields.ModifyTime) ? a.ModifyTime.TotalNanoseconds : r.ModifyTimeNs,
                // Every attribute change is an inode change.
                ChangeTimeNs = a.Has(SetAttributeFields.ChangeTime) ? a.ChangeTime.TotalNanoseconds : Math.Max(now, r.ChangeTimeNs),
            };
            return changed;
        }

        e = await UpdateAttributesAsync(node, Change, a.Has(SetAttributeFields.Size) ? (long)a.Size : null,
            killOnTruncate: caller.Uid != 0 || a.Has(SetAttributeFields.KillSuidGid)).ConfigureAwait(false);
        if (e != 0) return Fail<FuseAttributeReply>(e);
        if (FileMode.IsDirectory(record.Mode) && (a.Fields & (SetAttributeFields.Mode | SetAttributeFields.Uid | SetAttributeFields.Gid)) != 0)
            InvalidateChildrenLater(node);
        return new FuseAttributeReply(ToAttributes(node.Effective), _options.AttributeTimeout);
    });

    /// <summary>
    /// The Linux setattr_prepare rules, which the kernel skips for us (no default_permissions).
    /// <paramref name="newMode"/> is the permission part of a chmod after the set-group-id rule.
    /// </summary>
    private static int CheckSetAttr(InodeRecord r, in Caller caller, in FuseSetAttributes a, out uint newMode)
    {
        newMode = 0;
        bool owner = Permissions.IsOwnerOrRoot(r, caller);
        if (a.Has(SetAttributeFields.Uid))
        {
            // Only root gives a file away; the owner may "change" it to itself.
            if (!caller.IsRoot && !(caller.Uid == r.Uid && a.Uid == r.Uid)) return Errno.EPERM;
        }
        if (a.Has(SetAttributeFields.Gid))
        {
            // The owner may move a file to a group they belong to.
            if (!caller.IsRoot && !(caller.Uid == r.Uid && (a.Gid == r.Gid || caller.InGroup(a.Gid)))) return Errno.EPERM;
        }
        if (a.Has(SetAttributeFields.Mode))
        {
            if (!owner) return Errno.EPERM;
            newMode = a.Mode & FileMode.PermissionMask;
            uint gid = a.Has(SetAttributeFields.Gid) ? a.Gid : r.Gid;
            // A non-root chmod cannot grant set-group-id for a group the caller is not in.
            if (!caller.IsRoot && !caller.InGroup(gid)) newMode &= ~FileMode.SetGid;
        }
        bool explicitTimes = (a.Has(SetAttributeFields.AccessTime) && !a.Has(SetAttributeFields.AccessTimeNow))
                             || (a.Has(SetAttributeFields.ModifyTime) && !a.Has(SetAttributeFields.ModifyTimeNow));
        bool nowTimes = a.Has(SetAttributeFields.AccessTimeNow) || a.Has(SetAttributeFields.ModifyTimeNow);
        if (explicitTimes)
        {
            // Setting arbitrary times is the owner's (or root's) privilege.
            if (!owner) return Errno.EPERM;
        }
        else if (nowTimes && !a.Has(SetAttributeFields.Size))
        {
            // "Touch to now" is allowed to anyone who may write the file.
            if (!owner && !Permissions.MayAccess(r, caller, Permissions.Write)) return Errno.EACCES;
        }
        return 0;
    }

    /// <summary>
    /// Applies an attribute change to a node's inode: for regular files through the write
    /// buffer (so pending data, a truncate and the change land in one UpdateItem), for others
    /// directly, re-reading and re-applying on version conflicts.
    /// </summary>
    private async ValueTask<int> UpdateAttributesAsync(Node node, Func<InodeRecord, InodeRecord> change, long? newSize = null, bool killOnTruncate = false)
    {
        if (FileMode.IsRegular(node.Record.Mode))
        {
            var buffer = BufferOf(node);
            await node.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                buffer.Sync();
                if (newSize is { } size) await buffer.TruncateAsync(size, killOnTruncate, CancellationToken.None).ConfigureAwait(false);
                int e = await buffer.FlushAsync(false, change, CancellationToken.None).ConfigureAwait(false);
                if (!buffer.HasDirtyBlocks) _dirtyNodes.TryRemove(node.Id, out _);
                return e;
            }
            finally
            {
                node.Gate.Release();
            }
        }
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var record = attempt == 0 ? node.Record : await _meta.GetInodeAsync(node.Id, CancellationToken.None).ConfigureAwait(false);
            if (record is null) return Errno.ENOENT;
            node.Update(record);
            var updated = change(record) with { Version = record.Version + 1 };
            var status = await _meta.UpdateInodeAsync(updated, CancellationToken.None).ConfigureAwait(false);
            if (status == StoreStatus.Conflict) continue;
            if (status != StoreStatus.Ok) return ErrnoOf(status);
            node.Update(updated);
            return 0;
        }
        return Errno.EIO;
    }
}
