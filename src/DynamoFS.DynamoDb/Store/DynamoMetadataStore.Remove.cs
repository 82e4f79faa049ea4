using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;
using static DynamoFS.DynamoDb.Store.TransactItems;

namespace DynamoFS.DynamoDb.Store;

/// <summary>Unlink and rmdir, and the rmdir guard (docs/DESIGN.md, "rmdir never removes a non-empty directory").</summary>
public sealed partial class DynamoMetadataStore
{
    public ValueTask<StoreStatus> RemoveAsync(ulong directory, byte[] name, InodeRecord victim, InodeRecord? updatedVictim, CancellationToken ct) =>
        IsDirectory(victim.Mode)
            ? RemoveDirectoryAsync(directory, name, victim, updatedVictim, ct)
            : UnlinkAsync(directory, name, victim, updatedVictim, ct);

    /// <summary>
    /// One transaction: the entry (still pointing to the victim) goes, and the victim is stored
    /// with one link less or, at its last link, deleted together with a reclaim record for its data.
    /// </summary>
    private async ValueTask<StoreStatus> UnlinkAsync(ulong directory, byte[] name, InodeRecord victim, InodeRecord? updatedVictim, CancellationToken ct)
    {
        var items = new List<TransactWriteItem>(3) { Delete(Keys.Entry(directory, name), x => PointsTo(x, victim.Id)) };
        if (updatedVictim is not null)
        {
            items.Add(Put(InodeCodec.Encode(updatedVictim), x => AtVersion(x, updatedVictim.Version - 1)));
        }
        else
        {
            items.Add(Delete(Keys.Inode(victim.Id), x => AtVersion(x, victim.Version)));
            items.Add(Reclaimer.RecordPut(victim, NowMs));
        }
        var outcome = await Table.TransactWriteAsync(items, ct).ConfigureAwait(false);
        if (!outcome.Committed)
        {
            return outcome.FailedAt(0) && outcome.CurrentAt(0) is null ? StoreStatus.NotFound : StoreStatus.Conflict;
        }
        if (updatedVictim is null)
        {
            Deleted(victim);
        }
        else
        {
            _usage.Add((long)updatedVictim.StoredBytes - (long)victim.StoredBytes, 0);
        }
        return StoreStatus.Ok;
    }

    /// <summary>
    /// rmdir: (1) set the guard on the directory, (2) query for any entry (strongly consistent),
    /// (3) commit, conditioned on the guard still being ours. A create that committed before (1)
    /// is seen by (2); one that commits after (1) sees the guard in its own read and backs out.
    /// </summary>
    private async ValueTask<StoreStatus> RemoveDirectoryAsync(ulong directory, byte[] name, InodeRecord victim, InodeRecord? updatedVictim, CancellationToken ct)
    {
        var (status, token) = await AcquireRemovalGuardAsync(victim.Id, ct).ConfigureAwait(false);
        if (status != StoreStatus.Ok)
        {
            return status;
        }
        bool committed = false;
        try
        {
            if (await HasEntriesAsync(victim.Id, ct).ConfigureAwait(false))
            {
                return StoreStatus.NotEmpty;
            }
            long holdUntil = GuardCommitDeadline();
            var items = new List<TransactWriteItem>(4) { Delete(Keys.Entry(directory, name), x => PointsTo(x, victim.Id)) };
            // An rmdir'ed directory that is still open keeps its inode with nlink 0, which refuses
            // new names by itself (AcceptsNames requires nlink >= 2), so the guard may go with the Put.
            items.Add(updatedVictim is not null
                ? Put(InodeCodec.Encode(updatedVictim), x => GuardHeld(x, token!, holdUntil))
                : Delete(Keys.Inode(victim.Id), x => GuardHeld(x, token!, holdUntil)));
            items.Add(Update(Keys.Inode(directory), x => AddLinks(x, -1), Present));
            if (updatedVictim is null)
            {
                items.Add(Reclaimer.RecordPut(victim, NowMs));
            }
            var outcome = await Table.TransactWriteAsync(items, ct).ConfigureAwait(false);
            if (!outcome.Committed)
            {
                return outcome.FailedAt(0) && outcome.CurrentAt(0) is null ? StoreStatus.NotFound : StoreStatus.Conflict;
            }
            committed = true;
            if (updatedVictim is null)
            {
                Deleted(victim);
            }
            return StoreStatus.Ok;
        }
        finally
        {
            if (!committed)
            {
                await ReleaseRemovalGuardAsync(victim.Id, token!).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Step 1 of the guard protocol: "SET rm = {t, x}" if the directory has no live guard.
    /// NotFound when the directory is gone; Conflict while another client's removal holds it.
    /// </summary>
    private async Task<(StoreStatus, string?)> AcquireRemovalGuardAsync(ulong directory, CancellationToken ct)
    {
        string token = Guid.NewGuid().ToString("N");
        long now = NowMs;
        var guard = new AttributeValue
        {
            M = new()
            {
                [RemovalGuard.TokenField] = InodeCodec.S(token),
                [RemovalGuard.ExpiryField] = InodeCodec.N(now + (long)_options.RemovalGuardLifetime.TotalMilliseconds),
            },
        };
        var x = new Expression();
        var request = new UpdateItemRequest
        {
            Key = Keys.Inode(directory),
            UpdateExpression = $"SET {x.N(InodeCodec.Guard)} = {x.V(guard)}",
            ConditionExpression = $"{Present(x)} AND (attribute_not_exists({x.N(InodeCodec.Guard)}) OR {x.N(InodeCodec.Guard + "." + RemovalGuard.ExpiryField)} <= {x.V(InodeCodec.N(now))})",
        };
        request.ExpressionAttributeNames = x.Names;
        request.ExpressionAttributeValues = x.Values;
        var outcome = await Table.UpdateItemAsync(request, ct).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            return (StoreStatus.Ok, token);
        }
        return (outcome.CurrentItem is null ? StoreStatus.NotFound : StoreStatus.Conflict, null);
    }

    /// <summary>
    /// The guard must still hold for half its lifetime when the commit lands: the create side
    /// judges expiry by its own clock, so this margin is the clock skew between clients the
    /// protocol tolerates.
    /// </summary>
    private long GuardCommitDeadline() => NowMs + (long)(_options.RemovalGuardLifetime.TotalMilliseconds / 2);

    private async Task ReleaseRemovalGuardAsync(ulong directory, string token)
    {
        try
        {
            var x = new Expression();
            var request = new UpdateItemRequest
            {
                Key = Keys.Inode(directory),
                UpdateExpression = $"REMOVE {x.N(InodeCodec.Guard)}",
                ConditionExpression = $"{x.N(InodeCodec.Guard + "." + RemovalGuard.TokenField)} = {x.V(InodeCodec.S(token))}",
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.NONE,
            };
            request.ExpressionAttributeNames = x.Names;
            request.ExpressionAttributeValues = x.Values;
            await Table.UpdateItemAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The guard expires by itself; releasing it early is only a courtesy to creates.
        }
    }

    /// <summary>Step 2: does the directory have any entry? One strongly consistent Query of one key.</summary>
    private async Task<bool> HasEntriesAsync(ulong directory, CancellationToken ct)
    {
        var x = new Expression();
        var request = new QueryRequest
        {
            KeyConditionExpression = $"{x.N(Keys.Pk)} = {x.V(InodeCodec.S(Keys.InodePartition(directory)))} AND begins_with({x.N(Keys.Sk)}, {x.V(InodeCodec.S(Keys.EntryPrefix))})",
            ProjectionExpression = x.N(Keys.Sk),
            Limit = 1,
        };
        request.ExpressionAttributeNames = x.Names;
        request.ExpressionAttributeValues = x.Values;
        var page = await Table.QueryAsync(request, ct).ConfigureAwait(false);
        return page.Items is { Count: > 0 };
    }
}
