using Amazon.DynamoDBv2.Model;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;

namespace DynamoFS.DynamoDb.Store;

/// <summary>
/// Builders for transaction items and the conditions the store uses, so every condition in
/// docs/DESIGN.md is spelled once: "name is free", "entry points to X", "inode at version V",
/// "directory accepts new names" (exists, not unlinked, no live rmdir guard).
/// </summary>
internal static class TransactItems
{
    public static TransactWriteItem Put(Dictionary<string, AttributeValue> item, Func<Expression, string>? condition = null)
    {
        var x = new Expression();
        var put = new Put { Item = item };
        if (condition is not null)
        {
            put.ConditionExpression = condition(x);
        }
        put.ExpressionAttributeNames = x.Names;
        put.ExpressionAttributeValues = x.Values;
        return new TransactWriteItem { Put = put };
    }

    public static TransactWriteItem Delete(Dictionary<string, AttributeValue> key, Func<Expression, string>? condition = null)
    {
        var x = new Expression();
        var delete = new Delete { Key = key };
        if (condition is not null)
        {
            delete.ConditionExpression = condition(x);
        }
        delete.ExpressionAttributeNames = x.Names;
        delete.ExpressionAttributeValues = x.Values;
        return new TransactWriteItem { Delete = delete };
    }

    public static TransactWriteItem Update(Dictionary<string, AttributeValue> key, Func<Expression, string> update, Func<Expression, string>? condition = null)
    {
        var x = new Expression();
        var u = new Update { Key = key, UpdateExpression = update(x) };
        if (condition is not null)
        {
            u.ConditionExpression = condition(x);
        }
        u.ExpressionAttributeNames = x.Names;
        u.ExpressionAttributeValues = x.Values;
        return new TransactWriteItem { Update = u };
    }

    public static TransactWriteItem Check(Dictionary<string, AttributeValue> key, Func<Expression, string> condition)
    {
        var x = new Expression();
        var check = new ConditionCheck { Key = key, ConditionExpression = condition(x) };
        check.ExpressionAttributeNames = x.Names;
        check.ExpressionAttributeValues = x.Values;
        return new TransactWriteItem { ConditionCheck = check };
    }

    public static string Absent(Expression x) => $"attribute_not_exists({x.N(Keys.Pk)})";

    public static string Present(Expression x) => $"attribute_exists({x.N(Keys.Pk)})";

    public static string PointsTo(Expression x, ulong inode) => $"{x.N("i")} = {x.V(InodeCodec.N(inode))}";

    public static string AtVersion(Expression x, ulong version) => $"{x.N(InodeCodec.Version)} = {x.V(InodeCodec.N(version))}";

    /// <summary>
    /// The directory exists, is linked (nlink ≥ 2: an rmdir'ed directory kept open has 0) and
    /// carries no live rmdir guard. Names may be added to it.
    /// </summary>
    public static string AcceptsNames(Expression x, long nowMs) =>
        $"{Present(x)} AND {x.N(InodeCodec.Links)} >= {x.V(InodeCodec.N(2))} AND " +
        $"(attribute_not_exists({x.N(InodeCodec.Guard)}) OR {x.N(InodeCodec.Guard + "." + RemovalGuard.ExpiryField)} <= {x.V(InodeCodec.N(nowMs))})";

    /// <summary>The rmdir guard is still <paramref name="token"/> and holds until at least <paramref name="untilMs"/>.</summary>
    public static string GuardHeld(Expression x, string token, long untilMs) =>
        $"{x.N(InodeCodec.Guard + "." + RemovalGuard.TokenField)} = {x.V(InodeCodec.S(token))} AND " +
        $"{x.N(InodeCodec.Guard + "." + RemovalGuard.ExpiryField)} > {x.V(InodeCodec.N(untilMs))}";

    /// <summary>"ADD n :delta, v :1": a link-count change is a change other writers must see, so the version moves too.</summary>
    public static string AddLinks(Expression x, int delta) =>
        $"ADD {x.N(InodeCodec.Links)} {x.V(InodeCodec.N(delta))}, {x.N(InodeCodec.Version)} {x.V(InodeCodec.N(1))}";

    /// <summary>Would a directory in this state (as returned by a read or a failed condition) accept new names now?</summary>
    public static bool AcceptsNames(Dictionary<string, AttributeValue>? directory, long nowMs)
    {
        if (directory is null || InodeCodec.U64(directory, InodeCodec.Links) < 2)
        {
            return false;
        }
        return InodeCodec.DecodeGuard(directory) is not { } guard || !guard.IsLive(nowMs);
    }
}
