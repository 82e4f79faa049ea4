using DynamoFS.Core.Storage;
using DynamoFS.Fuse;

namespace DynamoFS.Core;

// rename and renameat2 (RENAME_NOREPLACE, RENAME_EXCHANGE).
public sealed partial class DynamoFileSystem
{
    public ValueTask<int> Rename(FuseContext ctx, ulong parent, FuseName name, ulong newParent, FuseName newName, FuseRenameFlags flags) => RunStatus("rename", ctx, async () =>
    {
        if ((flags & FuseRenameFlags.Whiteout) != 0) return Errno.EINVAL;
        if ((flags & ~(FuseRenameFlags.NoReplace | FuseRenameFlags.Exchange)) != 0) return Errno.EINVAL;
        bool exchange = (flags & FuseRenameFlags.Exchange) != 0;
        bool noReplace = (flags & FuseRenameFlags.NoReplace) != 0;
        if (exchange && noReplace) return Errno.EINVAL;
        int e = NameRules.ValidateForChange(name, Errno.EBUSY);
        if (e == 0) e = NameRules.ValidateForChange(newName, Errno.EBUSY);
        if (e != 0) return e;
        if (_options.ReadOnly) return Errno.EROFS;

        var caller = Caller.From(ctx);
        var ct = ctx.Cancellation;
        var sourceName = name.Span.ToArray();
        var targetName = newName.Span.ToArray();
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            bool fresh = attempt > 0;
            var (sourceDir, err) = await SearchableDirectoryAsync(ctx, parent, fresh).ConfigureAwait(false);
            if (sourceDir is null) return err;
            var (targetDir, err2) = parent == newParent ? (sourceDir, 0) : await SearchableDirectoryAsync(ctx, newParent, fresh).ConfigureAwait(false);
            if (targetDir is null) return err2;
            if (!Permissions.MayAccess(sourceDir, caller, Permissions.Write | Permissions.Execute)) return Errno.EACCES;
            if (!Permissions.MayAccess(targetDir, caller, Permissions.Write | Permissions.Execute)) return Errno.EACCES;

            var sourceEntry = await _meta.GetEntryAsync(parent, sourceName, ct).ConfigureAwait(false);
            if (sourceEntry is null) return Errno.ENOENT;
            var moved = await GetDurableAsync(sourceEntry.Inode, fresh: true, ct).ConfigureAwait(false);
            if (moved is null) continue;
            var targetEntry = await _meta.GetEntryAsync(newParent, targetName, ct).ConfigureAwait(false);
            InodeRecord? target = null;
            if (targetEntry is not null)
            {
                target = await GetDurableAsync(targetEntry.Inode, fresh: true, ct).ConfigureAwait(false);
                if (target is null) continue;
            }

            // Two names of one inode (or a name onto itself): POSIX says do nothing.
            if (target is not null && target.Id == moved.Id) return 0;
            if (exchange && target is null) return Errno.ENOENT;
            if (noReplace && target is not null) return Errno.EEXIST;

            bool movedIsDir = FileMode.IsDirectory(moved.Mode);
            bool targetIsDir = target is not null && FileMode.IsDirectory(target.Mode);
            if (!exchange && target is not null)
            {
                if (movedIsDir && !targetIsDir) return Errno.ENOTDIR;
                if (!movedIsDir && targetIsDir) return Errno.EISDIR;
            }

            // Sticky directories: only the owner of the entry (or of the directory, or root) may move it away or replace it.
            if (!Permissions.MayDeleteFromSticky(sourceDir, moved, caller)) return Errno.EPERM;
            if (target is not null && !Permissions.MayDeleteFromSticky(targetDir, target, caller)) return Errno.EPERM;

            // A directory that changes parent rewrites its "..": it needs write permission itself.
            if (parent != newParent)
            {
                if (movedIsDir && !Permissions.MayAccess(moved, caller, Permissions.Write)) return Errno.EACCES;
                if (exchange && targetIsDir && !Permissions.MayAccess(target!, caller, Permissions.Write)) return Errno.EACCES;
            }

            // A directory must not move into its own subtree.
            IReadOnlyList<InodeRecord> ancestors = [];
            if (parent != newParent && (movedIsDir || (exchange && targetIsDir)))
            {
                var chain = await AncestorsAsync(newParent, ct).ConfigureAwait(false);
                if (chain is null) continue;
                if (movedIsDir && chain.Any(a => a.Id == moved.Id)) return Errno.EINVAL;
                if (exchange && targetIsDir)
                {
                    var sourceChain = await AncestorsAsync(parent, ct).ConfigureAwait(false);
                    if (sourceChain is null) continue;
                    if (sourceChain.Any(a => a.Id == target!.Id)) return Errno.EINVAL;
                }
                ancestors = chain;
            }

            if (!exchange && targetIsDir)
            {
                var page = await _meta.ListEntriesAsync(target!.Id, 0, 1, ct).ConfigureAwait(false);
                if (page.Entries.Count > 0) return Errno.ENOTEMPTY;
            }

            long now = NowNs();
            var movedUpdated = moved with
            {
                ChangeTimeNs = Math.Max(now, moved.ChangeTimeNs),
                Parent = movedIsDir ? newParent : moved.Parent,
                Version = moved.Version + 1,
            };
            InodeRecord? targetUpdated = null;
            if (target is not null)
            {
                if (exchange)
                {
                    targetUpdated = target with
                    {
                        ChangeTimeNs = Math.Max(now, target.ChangeTimeNs),
                        Parent = targetIsDir ? parent : target.Parent,
                        Version = target.Version + 1,
                    };
                }
                else if (!targetIsDir)
                {
                    var tnode = _nodes.Find(target.Id);
                    bool openHere = tnode is not null && Volatile.Read(ref tnode.OpenHandles) > 0;
                    uint links = target.Links == 0 ? 0 : target.Links - 1;
                    if (links > 0 || openHere)
                        targetUpdated = target with { Links = links, ChangeTimeNs = Math.Max(now, target.ChangeTimeNs), Version = target.Version + 1 };
                }
            }

            var plan = new RenamePlan
            {
                SourceDirectory = parent,
                SourceName = sourceName,
                TargetDirectory = newParent,
                TargetName = targetName,
                Moved = moved,
                MovedUpdated = movedUpdated,
                Target = target,
                TargetUpdated = targetUpdated,
                NoReplace = noReplace,
                Exchange = exchange,
                TargetAncestors = ancestors,
            };
            var status = await _meta.RenameAsync(plan, CancellationToken.None).ConfigureAwait(false);
            if (status == StoreStatus.Conflict) continue;
            if (status != StoreStatus.Ok) return ErrnoOf(status);

            Adopt(movedUpdated);
            if (target is not null)
            {
                if (targetUpdated is not null) Adopt(targetUpdated);
                else MarkDeleted(target);
            }
            await DirectoryChangedAsync(parent, now).ConfigureAwait(false);
            if (newParent != parent) await DirectoryChangedAsync(newParent, now).ConfigureAwait(false);
            return 0;
        }
        return Errno.EIO;
    });

    /// <summary>
    /// The directories from <paramref name="directory"/> up to the root through the parent
    /// pointers (strongly consistent reads), or null when one vanished meanwhile.
    /// </summary>
    private async ValueTask<List<InodeRecord>?> AncestorsAsync(ulong directory, CancellationToken ct)
    {
        var chain = new List<InodeRecord>();
        ulong id = directory;
        for (int depth = 0; depth < 4096; depth++)
        {
            var record = await _meta.GetInodeAsync(id, ct).ConfigureAwait(false);
            if (record is null) return null;
            chain.Add(record);
            if (id == RootId || record.Parent == 0 || record.Parent == id) return chain;
            id = record.Parent;
        }
        return chain;
    }
}
