using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;
using static DynamoFS.DynamoDb.Store.TransactItems;

namespace DynamoFS.DynamoDb.Store;

/// <summary>Extended attributes: one item I#&lt;ino&gt; / X#&lt;name&gt; each, value in "v".</summary>
public sealed partial class DynamoMetadataStore
{
    /// <summary>Linux caps an xattr value at 64 KiB (XATTR_SIZE_MAX).</summary>
    public const int MaxXattrValue = 64 * 1024;
    private const int XattrCreate = 1;
    private const int XattrReplace = 2;
    private const string XattrValue = "v";

    public async ValueTask<byte[]?> GetXattrAsync(ulong inode, byte[] name, CancellationToken ct)
    {
        var item = await Table.GetItemAsync(Keys.Xattr(inode, name), ct).ConfigureAwait(false);
        return item is null ? null : item.TryGetValue(XattrValue, out var v) && v.B is { } b ? b.ToArray() : [];
    }

    public async ValueTask<IReadOnlyList<byte[]>> ListXattrsAsync(ulong inode, CancellationToken ct)
    {
        var x = new Expression();
        var request = new QueryRequest
        {
            KeyConditionExpression = $"{x.N(Keys.Pk)} = {x.V(InodeCodec.S(Keys.InodePartition(inode)))} AND begins_with({x.N(Keys.Sk)}, {x.V(InodeCodec.S(Keys.XattrPrefix))})",
            ProjectionExpression = x.N(Keys.Sk),
        };
        request.ExpressionAttributeNames = x.Names;
        request.ExpressionAttributeValues = x.Values;
        var names = new List<byte[]>();
        while (true)
        {
            var page = await Table.QueryAsync(request, ct).ConfigureAwait(false);
            names.AddRange((page.Items ?? []).Select(i => Keys.ParseXattrSortKey(i[Keys.Sk].S)));
            if (page.LastEvaluatedKey is not { Count: > 0 } last)
            {
                return names;
            }
            request.ExclusiveStartKey = last;
        }
    }

    /// <summary>
    /// Put with the flag's condition, in a transaction with a check that the inode still exists:
    /// an xattr written after the inode's delete would outlive the reclaimer's sweep.
    /// </summary>
    public async ValueTask<StoreStatus> SetXattrAsync(ulong inode, byte[] name, ReadOnlyMemory<byte> value, int flags, CancellationToken ct)
    {
        if (value.Length > MaxXattrValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.Length, $"xattr values are at most {MaxXattrValue} bytes");
        }
        var item = Keys.Xattr(inode, name);
        item[XattrValue] = InodeCodec.Bin(value);
        Func<Expression, string>? condition = (flags & XattrCreate) != 0 ? Absent : (flags & XattrReplace) != 0 ? Present : null;
        var items = new List<TransactWriteItem>(2) { Put(item, condition), Check(Keys.Inode(inode), Present) };
        var outcome = await Table.TransactWriteAsync(items, ct).ConfigureAwait(false);
        if (outcome.Committed)
        {
            return StoreStatus.Ok;
        }
        if (outcome.FailedAt(1))
        {
            return StoreStatus.NotFound;
        }
        if (outcome.FailedAt(0))
        {
            return (flags & XattrCreate) != 0 ? StoreStatus.Exists : StoreStatus.NotFound;
        }
        return StoreStatus.Conflict;
    }

    public async ValueTask<StoreStatus> RemoveXattrAsync(ulong inode, byte[] name, CancellationToken ct)
    {
        var x = new Expression();
        var request = new DeleteItemRequest { Key = Keys.Xattr(inode, name), ConditionExpression = Present(x) };
        request.ExpressionAttributeNames = x.Names;
        var outcome = await Table.DeleteItemAsync(request, ct).ConfigureAwait(false);
        return outcome.Succeeded ? StoreStatus.Ok : StoreStatus.NotFound;
    }
}
