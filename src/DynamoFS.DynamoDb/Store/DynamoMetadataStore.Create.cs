using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;
using static DynamoFS.DynamoDb.Store.TransactItems;

namespace DynamoFS.DynamoDb.Store;

/// <summary>Create and link: adding a name (docs/DESIGN.md, "Creates do not touch the parent directory").</summary>
public sealed partial class DynamoMetadataStore
{
    private const string ParentProjection = "#pk, #n, #rm";

    /// <summary>
    /// Files: one transaction naming only the new entry and the new inode, then one strongly
    /// consistent read of the parent for the rmdir guard (backing out if the directory is being
    /// removed). Directories: the parent's nlink goes up in the same transaction, conditioned on
    /// the parent accepting names, so no read afterwards is needed.
    /// </summary>
    public async ValueTask<StoreStatus> CreateAsync(ulong directory, byte[] name, InodeRecord inode, CancellationToken ct)
    {
        bool isDirectory = IsDirectory(inode.Mode);
        var items = new List<TransactWriteItem>(3)
        {
            Put(EncodeEntry(directory, name, inode.Id, inode.Mode), Absent),
            Put(InodeCodec.Encode(inode), Absent),
        };
        if (isDirectory)
        {
            long now = NowMs;
            items.Add(Update(Keys.Inode(directory), x => AddLinks(x, +1), x => AcceptsNames(x, now)));
        }
        var outcome = await Table.TransactWriteAsync(items, ct).ConfigureAwait(false);
        if (!outcome.Committed)
        {
            if (outcome.FailedAt(0))
            {
                return StoreStatus.Exists;
            }
            return isDirectory && outcome.FailedAt(2) ? StoreStatus.DirectoryRemoved : StoreStatus.Conflict;
        }
        if (!isDirectory && !await DirectoryStillAcceptsAsync(directory, ct).ConfigureAwait(false))
        {
            await BackOutNewNameAsync(directory, name, inode, ct).ConfigureAwait(false);
            return StoreStatus.DirectoryRemoved;
        }
        _usage.Add((long)inode.StoredBytes, +1);
        return StoreStatus.Ok;
    }

    /// <summary>
    /// Like a file create, with the inode stored at its next version instead of created; the
    /// same guard read follows.
    /// </summary>
    public async ValueTask<StoreStatus> LinkAsync(ulong directory, byte[] name, InodeRecord updated, CancellationToken ct)
    {
        var items = new List<TransactWriteItem>(2)
        {
            Put(EncodeEntry(directory, name, updated.Id, updated.Mode), Absent),
            Put(InodeCodec.Encode(updated), x => AtVersion(x, updated.Version - 1)),
        };
        var outcome = await Table.TransactWriteAsync(items, ct).ConfigureAwait(false);
        if (!outcome.Committed)
        {
            if (outcome.FailedAt(0))
            {
                return StoreStatus.Exists;
            }
            return outcome.FailedAt(1) && outcome.CurrentAt(1) is null ? StoreStatus.NotFound : StoreStatus.Conflict;
        }
        if (!await DirectoryStillAcceptsAsync(directory, ct).ConfigureAwait(false))
        {
            await BackOutNewNameAsync(directory, name, updated, ct).ConfigureAwait(false);
            return StoreStatus.DirectoryRemoved;
        }
        return StoreStatus.Ok;
    }

    /// <summary>
    /// The create side of the rmdir guard: after our entry is committed, read the parent. If the
    /// read precedes the guard, the guard's emptiness query will see our entry; if it follows,
    /// we see the guard (or the directory gone) and back out.
    /// </summary>
    private async Task<bool> DirectoryStillAcceptsAsync(ulong directory, CancellationToken ct)
    {
        var request = new GetItemRequest
        {
            Key = Keys.Inode(directory),
            ConsistentRead = true,
            ProjectionExpression = ParentProjection,
            ExpressionAttributeNames = new() { ["#pk"] = Keys.Pk, ["#n"] = InodeCodec.Links, ["#rm"] = InodeCodec.Guard },
        };
        var item = await Table.GetItemAsync(request, ct).ConfigureAwait(false);
        return AcceptsNames(item, NowMs);
    }

    /// <summary>
    /// Removes a name we just added to a directory that turned out to be going away: the entry,
    /// and the link it gave the inode (deleting the inode when that was its only link). If
    /// someone changed the name or the inode in between, re-read and try again; if the name no
    /// longer points to our inode, it is no longer ours to remove.
    /// </summary>
    private async Task BackOutNewNameAsync(ulong directory, byte[] name, InodeRecord written, CancellationToken ct)
    {
        var inode = written;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var items = new List<TransactWriteItem>(2) { Delete(Keys.Entry(directory, name), x => PointsTo(x, inode.Id)) };
            items.Add(inode.Links <= 1
                ? Delete(Keys.Inode(inode.Id), x => AtVersion(x, inode.Version))
                : Put(InodeCodec.Encode(inode with { Links = inode.Links - 1, Version = inode.Version + 1 }), x => AtVersion(x, inode.Version)));
            var outcome = await Table.TransactWriteAsync(items, ct).ConfigureAwait(false);
            if (outcome.Committed)
            {
                return;
            }
            if (outcome.FailedAt(0))
            {
                return;
            }
            var current = await GetInodeAsync(inode.Id, ct).ConfigureAwait(false);
            if (current is null)
            {
                // Inode gone but the entry still points to it: just drop the entry.
                await Table.DeleteItemAsync(new DeleteItemRequest { Key = Keys.Entry(directory, name) }, ct).ConfigureAwait(false);
                return;
            }
            inode = current;
        }
        throw new StorageUnavailableException($"could not back out the name added to directory {directory} while it was being removed");
    }
}
