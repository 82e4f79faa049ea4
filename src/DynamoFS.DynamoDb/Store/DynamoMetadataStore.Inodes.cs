using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;
using static DynamoFS.DynamoDb.Store.TransactItems;

namespace DynamoFS.DynamoDb.Store;

/// <summary>Changing and deleting one inode (optimistic concurrency on its version).</summary>
public sealed partial class DynamoMetadataStore
{
    /// <summary>
    /// One conditional PutItem of the whole record ("v = :old"): not a transaction, so half the
    /// write units. The old item comes back at no extra cost (ReturnValues) and gives the change
    /// in stored bytes for the usage counters.
    /// </summary>
    public async ValueTask<StoreStatus> UpdateInodeAsync(InodeRecord updated, CancellationToken ct)
    {
        var x = new Expression();
        var request = new PutItemRequest
        {
            Item = InodeCodec.Encode(updated),
            ConditionExpression = AtVersion(x, updated.Version - 1),
            ReturnValues = ReturnValue.ALL_OLD,
        };
        request.ExpressionAttributeNames = x.Names;
        request.ExpressionAttributeValues = x.Values;
        var outcome = await Table.PutItemAsync(request, ct).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            return outcome.CurrentItem is null ? StoreStatus.NotFound : StoreStatus.Conflict;
        }
        if (outcome.Attributes is { } old)
        {
            _usage.Add((long)updated.StoredBytes - (long)InodeCodec.U64(old, InodeCodec.StoredBytes), 0);
        }
        return StoreStatus.Ok;
    }

    /// <summary>Deletes the inode (at its version) and writes its reclaim record, in one transaction.</summary>
    public async ValueTask<StoreStatus> DeleteInodeAsync(InodeRecord inode, CancellationToken ct)
    {
        var items = new List<TransactWriteItem>(2)
        {
            Delete(Keys.Inode(inode.Id), x => AtVersion(x, inode.Version)),
            Reclaimer.RecordPut(inode, NowMs),
        };
        var outcome = await Table.TransactWriteAsync(items, ct).ConfigureAwait(false);
        if (!outcome.Committed)
        {
            return outcome.FailedAt(0) && outcome.CurrentAt(0) is null ? StoreStatus.NotFound : StoreStatus.Conflict;
        }
        Deleted(inode);
        return StoreStatus.Ok;
    }

    /// <summary>Bookkeeping after a committed delete of an inode.</summary>
    private void Deleted(InodeRecord inode)
    {
        _usage.Add(-(long)inode.StoredBytes, -1);
        Reclaimer.Enqueue(inode);
    }
}
