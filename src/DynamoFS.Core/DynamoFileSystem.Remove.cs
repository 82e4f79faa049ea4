using DynamoFS.Core.Storage;
using DynamoFS.Fuse;

namespace DynamoFS.Core;

// Operations that remove a name: unlink, rmdir.
public sealed partial class DynamoFileSystem
{
    public ValueTask<int> Unlink(FuseContext ctx, ulong parent, FuseName name) => RunStatus("unlink", ctx, async () =>
    {
        int e = NameRules.ValidateForChange(name, Errno.EISDIR);
        if (e != 0) return e;
        if (_options.ReadOnly) return Errno.EROFS;
        var nameBytes = name.Span.ToArray();
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (dir, err) = await SearchableDirectoryAsync(ctx, parent, attempt > 0).ConfigureAwait(false);
            if (dir is null) return err;
            var entry = await _meta.GetEntryAsync(parent, nameBytes, ctx.Cancellation).ConfigureAwait(false);
            if (entry is null) return Errno.ENOENT;
            var victim = await GetDurableAsync(entry.Inode, fresh: attempt > 0, ctx.Cancellation).ConfigureAwait(false);
            if (victim is null) continue; // removed meanwhile: look again
            if (FileMode.IsDirectory(victim.Mode)) return Errno.EISDIR;
            e = Permissions.CheckDelete(dir, victim, Caller.From(ctx));
            if (e != 0) return e;

            long now = NowNs();
            var node = _nodes.Find(victim.Id);
            bool openHere = node is not null && Volatile.Read(ref node.OpenHandles) > 0;
            uint links = victim.Links == 0 ? 0 : victim.Links - 1;
            // The last name of a file still open here: keep the inode (nlink 0) until the last close.
            InodeRecord? updated = links == 0 && !openHere
                ? null
                : victim with { Links = links, ChangeTimeNs = Math.Max(now, victim.ChangeTimeNs), Version = victim.Version + 1 };
            var status = await _meta.RemoveAsync(parent, nameBytes, victim, updated, CancellationToken.None).ConfigureAwait(false);
            if (status == StoreStatus.Conflict) continue;
            if (status != StoreStatus.Ok) return ErrnoOf(status);
            if (updated is not null) Adopt(updated);
            else MarkDeleted(victim);
            await DirectoryChangedAsync(parent, now).ConfigureAwait(false);
            return 0;
        }
        return Errno.EIO;
    });

    public ValueTask<int> RemoveDirectory(FuseContext ctx, ulong parent, FuseName name) => RunStatus("rmdir", ctx, async () =>
    {
        int e = NameRules.ValidateForChange(name, name.IsDot ? Errno.EINVAL : Errno.ENOTEMPTY);
        if (e != 0) return e;
        if (_options.ReadOnly) return Errno.EROFS;
        var nameBytes = name.Span.ToArray();
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (dir, err) = await SearchableDirectoryAsync(ctx, parent, attempt > 0).ConfigureAwait(false);
            if (dir is null) return err;
            var entry = await _meta.GetEntryAsync(parent, nameBytes, ctx.Cancellation).ConfigureAwait(false);
            if (entry is null) return Errno.ENOENT;
            var victim = await GetDurableAsync(entry.Inode, fresh: true, ctx.Cancellation).ConfigureAwait(false);
            if (victim is null) continue;
            if (!FileMode.IsDirectory(victim.Mode)) return Errno.ENOTDIR;
            if (victim.Id == RootId) return Errno.EBUSY;
            e = Permissions.CheckDelete(dir, victim, Caller.From(ctx));
            if (e != 0) return e;
            var status = await _meta.RemoveAsync(parent, nameBytes, victim, null, CancellationToken.None).ConfigureAwait(false);
            if (status == StoreStatus.Conflict) continue;
            if (status != StoreStatus.Ok) return ErrnoOf(status);
            MarkDeleted(victim);
            await DirectoryChangedAsync(parent, NowNs()).ConfigureAwait(false);
            return 0;
        }
        return Errno.EIO;
    });

    /// <summary>Checks that <paramref name="parent"/> is a live directory; returns it or an errno (permission is checked by the caller).</summary>
    private async ValueTask<(InodeRecord? Dir, int Errno)> SearchableDirectoryAsync(FuseContext ctx, ulong parent, bool fresh)
    {
        var dir = await GetRecordAsync(parent, ctx.Cancellation, fresh).ConfigureAwait(false);
        if (dir is null) return (null, Errno.ENOENT);
        if (!FileMode.IsDirectory(dir.Mode)) return (null, Errno.ENOTDIR);
        return (dir, 0);
    }

    /// <summary>The inode is gone from storage: the kernel may still ask about the node until it forgets it.</summary>
    private void MarkDeleted(InodeRecord victim)
    {
        var node = _nodes.Find(victim.Id);
        if (node is null) return;
        node.Buffer?.Discard();
        node.Update(victim with { Links = 0, ChangeTimeNs = NowNs(), Version = victim.Version + 1 });
    }
}
