using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;
using static DynamoFS.DynamoDb.Store.TransactItems;

namespace DynamoFS.DynamoDb.Store;

/// <summary>Rename, RENAME_NOREPLACE and RENAME_EXCHANGE as one transaction (docs/DESIGN.md, "Rename").</summary>
public sealed partial class DynamoMetadataStore
{
    /// <summary>DynamoDB's limit on items per transaction.</summary>
    private const int MaxTransactionItems = 100;

    private enum Role { SourceEntry, TargetEntry, MovedInode, TargetInode, Reclaim, TargetDirectory, OtherDirectory }

    /// <summary>
    /// The items: the source entry (deleted, or re-pointed for an exchange), the target entry
    /// (created with "name is free", or re-pointed with "points to the target"), the moved inode
    /// and any target inode at their versions (a replaced last link is deleted with a reclaim
    /// record), and the directories involved, each named once: parents whose nlink changes (a
    /// directory moving between them, a replaced directory), the target directory's "accepts new
    /// names" condition when the name comes from elsewhere, and for a directory moving to another
    /// parent every ancestor of the target directory conditioned on its parent pointer, so that a
    /// concurrent crossed move of an ancestor cancels one of the two transactions.
    /// A directory being replaced is emptied-checked with the rmdir guard first.
    /// </summary>
    public async ValueTask<StoreStatus> RenameAsync(RenamePlan plan, CancellationToken ct)
    {
        var moved = plan.Moved;
        var target = plan.Target;
        bool movedIsDir = IsDirectory(moved.Mode);
        bool targetIsDir = target is not null && IsDirectory(target.Mode);
        bool sameDir = plan.SourceDirectory == plan.TargetDirectory;
        if (plan.Exchange && (target is null || plan.TargetUpdated is null))
        {
            throw new ArgumentException("RENAME_EXCHANGE needs the target and its updated record", nameof(plan));
        }
        if (sameDir && plan.SourceName.AsSpan().SequenceEqual(plan.TargetName))
        {
            return StoreStatus.Ok;
        }
        if (target is not null && target.Id == moved.Id)
        {
            // Two names of one inode: POSIX says rename does nothing.
            return StoreStatus.Ok;
        }

        // Link-count changes of the two directories.
        var deltas = new Dictionary<ulong, int> { [plan.SourceDirectory] = 0, [plan.TargetDirectory] = 0 };
        if (movedIsDir && !sameDir)
        {
            deltas[plan.SourceDirectory]--;
            deltas[plan.TargetDirectory]++;
        }
        if (targetIsDir)
        {
            deltas[plan.TargetDirectory]--;
            if (plan.Exchange)
            {
                deltas[plan.SourceDirectory]++;
            }
        }

        // Cycle: a directory may not move into itself or below itself.
        var ancestors = new Dictionary<ulong, ulong>();
        bool crossDirMove = !sameDir && (movedIsDir || (plan.Exchange && targetIsDir));
        if (crossDirMove)
        {
            foreach (var a in plan.TargetAncestors)
            {
                ancestors[a.Id] = a.Parent;
            }
            if (movedIsDir && (plan.TargetDirectory == moved.Id || ancestors.ContainsKey(moved.Id)))
            {
                return StoreStatus.WouldCreateCycle;
            }
            if (plan.Exchange && targetIsDir && plan.SourceDirectory == target!.Id)
            {
                return StoreStatus.WouldCreateCycle;
            }
        }
        var directories = new HashSet<ulong>(ancestors.Keys) { plan.SourceDirectory, plan.TargetDirectory };
        if (directories.Contains(moved.Id) || (target is not null && directories.Contains(target.Id)))
        {
            // The moved or exchanged inode is one of the directories involved: a cycle (and an
            // item the transaction would have to name twice).
            return StoreStatus.WouldCreateCycle;
        }

        string? guardToken = null;
        if (targetIsDir && !plan.Exchange)
        {
            // Replacing a directory removes it: it must be empty, with the same guard as rmdir.
            var (status, token) = await AcquireRemovalGuardAsync(target!.Id, ct).ConfigureAwait(false);
            if (status != StoreStatus.Ok)
            {
                return StoreStatus.Conflict;
            }
            guardToken = token;
        }
        bool committed = false;
        try
        {
            if (guardToken is not null && await HasEntriesAsync(target!.Id, ct).ConfigureAwait(false))
            {
                return StoreStatus.NotEmpty;
            }
            var (items, roles) = BuildRenameItems(plan, deltas, ancestors, guardToken, crossDirMove);
            if (items.Count > MaxTransactionItems)
            {
                throw new InvalidOperationException($"rename would need {items.Count} items in one transaction (more than {MaxTransactionItems}): the target directory is too deep");
            }
            var outcome = await Table.TransactWriteAsync(items, ct).ConfigureAwait(false);
            if (!outcome.Committed)
            {
                return RenameFailure(plan, outcome, roles);
            }
            committed = true;
            if (target is not null && !plan.Exchange)
            {
                if (plan.TargetUpdated is null)
                {
                    Deleted(target);
                }
                else
                {
                    _usage.Add((long)plan.TargetUpdated.StoredBytes - (long)target.StoredBytes, 0);
                }
            }
            return StoreStatus.Ok;
        }
        finally
        {
            if (guardToken is not null && !committed)
            {
                await ReleaseRemovalGuardAsync(target!.Id, guardToken).ConfigureAwait(false);
            }
        }
    }

    private (List<TransactWriteItem> Items, List<Role> Roles) BuildRenameItems(
        RenamePlan plan, Dictionary<ulong, int> deltas, Dictionary<ulong, ulong> ancestors, string? guardToken, bool crossDirMove)
    {
        var moved = plan.Moved;
        var target = plan.Target;
        long now = NowMs;
        var items = new List<TransactWriteItem>(8 + ancestors.Count);
        var roles = new List<Role>(items.Capacity);
        void Add(TransactWriteItem item, Role role)
        {
            items.Add(item);
            roles.Add(role);
        }

        Add(plan.Exchange
                ? Put(EncodeEntry(plan.SourceDirectory, plan.SourceName, target!.Id, target.Mode), x => PointsTo(x, moved.Id))
                : Delete(Keys.Entry(plan.SourceDirectory, plan.SourceName), x => PointsTo(x, moved.Id)),
            Role.SourceEntry);
        Add(target is null
                ? Put(EncodeEntry(plan.TargetDirectory, plan.TargetName, moved.Id, moved.Mode), Absent)
                : Put(EncodeEntry(plan.TargetDirectory, plan.TargetName, moved.Id, moved.Mode), x => PointsTo(x, target.Id)),
            Role.TargetEntry);
        Add(Put(InodeCodec.Encode(plan.MovedUpdated), x => AtVersion(x, moved.Version)), Role.MovedInode);
        if (target is not null)
        {
            long holdUntil = GuardCommitDeadline();
            Func<Expression, string> condition = guardToken is null
                ? x => AtVersion(x, target.Version)
                : x => $"{AtVersion(x, target.Version)} AND {GuardHeld(x, guardToken, holdUntil)}";
            if (plan.TargetUpdated is not null)
            {
                Add(Put(InodeCodec.Encode(plan.TargetUpdated), condition), Role.TargetInode);
            }
            else
            {
                Add(Delete(Keys.Inode(target.Id), condition), Role.TargetInode);
                Add(Reclaimer.RecordPut(target, now), Role.Reclaim);
            }
        }

        // Each directory once, with everything asked of it.
        var involved = new List<ulong> { plan.TargetDirectory };
        if (plan.SourceDirectory != plan.TargetDirectory)
        {
            involved.Add(plan.SourceDirectory);
        }
        involved.AddRange(ancestors.Keys.Where(a => !involved.Contains(a)));
        foreach (ulong dir in involved)
        {
            int delta = deltas.GetValueOrDefault(dir);
            // A name arriving from another directory is a create there: the target directory must accept names.
            bool mustAccept = dir == plan.TargetDirectory && plan.SourceDirectory != plan.TargetDirectory;
            bool hasParentCondition = crossDirMove && ancestors.ContainsKey(dir);
            if (delta == 0 && !mustAccept && !hasParentCondition)
            {
                continue;
            }
            Func<Expression, string> condition = x =>
            {
                var parts = new List<string> { mustAccept ? AcceptsNames(x, now) : Present(x) };
                if (hasParentCondition)
                {
                    parts.Add($"{x.N(InodeCodec.Parent)} = {x.V(InodeCodec.N(ancestors[dir]))}");
                }
                return Expression.And(parts)!;
            };
            var role = dir == plan.TargetDirectory ? Role.TargetDirectory : Role.OtherDirectory;
            Add(delta != 0 ? Update(Keys.Inode(dir), x => AddLinks(x, delta), condition) : Check(Keys.Inode(dir), condition), role);
        }
        return (items, roles);
    }

    private StoreStatus RenameFailure(RenamePlan plan, TransactOutcome outcome, List<Role> roles)
    {
        for (int i = 0; i < roles.Count; i++)
        {
            if (!outcome.FailedAt(i))
            {
                continue;
            }
            var current = outcome.CurrentAt(i);
            switch (roles[i])
            {
                case Role.SourceEntry:
                    return current is null ? StoreStatus.NotFound : StoreStatus.Conflict;
                case Role.TargetEntry:
                    return plan.Target is null && plan.NoReplace && current is not null ? StoreStatus.Exists : StoreStatus.Conflict;
                case Role.TargetDirectory:
                    if (!AcceptsNames(current, NowMs))
                    {
                        return StoreStatus.DirectoryRemoved;
                    }
                    return StoreStatus.Conflict;
                default:
                    return StoreStatus.Conflict;
            }
        }
        return StoreStatus.Conflict;
    }
}
