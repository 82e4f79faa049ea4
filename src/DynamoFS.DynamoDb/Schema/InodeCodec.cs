using System.Globalization;
using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;

namespace DynamoFS.DynamoDb.Schema;

/// <summary>
/// <see cref="InodeRecord"/> to and from its item. Every write of an inode bills the whole item
/// (the larger of old and new, per started KB, twice inside a transaction), so attribute names
/// are one or two letters and zero-valued fields are left out: a typical file inode is ~100 bytes.
/// </summary>
public static class InodeCodec
{
    public const string Mode = "m";
    public const string Uid = "u";
    public const string Gid = "g";
    public const string Size = "s";
    public const string Links = "n";
    public const string Rdev = "r";
    public const string AccessTime = "at";
    public const string ModifyTime = "mt";
    public const string ChangeTime = "ct";
    public const string BirthTime = "bt";
    public const string Version = "v";
    public const string Parent = "p";
    public const string SymlinkTarget = "t";
    public const string InlineData = "d";
    public const string StoredBytes = "sb";
    /// <summary>The rmdir guard, a map {t: token, x: expiry in Unix ms} (see <see cref="RemovalGuard"/>).</summary>
    public const string Guard = "rm";

    public static Dictionary<string, AttributeValue> Encode(InodeRecord inode)
    {
        var item = Keys.Inode(inode.Id);
        item[Mode] = N(inode.Mode);
        // Links and version are always present: conditions and ADD updates name them.
        item[Links] = N(inode.Links);
        item[Version] = N(inode.Version);
        PutIfNonZero(item, Uid, inode.Uid);
        PutIfNonZero(item, Gid, inode.Gid);
        PutIfNonZero(item, Size, inode.Size);
        PutIfNonZero(item, Rdev, inode.Rdev);
        PutIfNonZero(item, AccessTime, inode.AccessTimeNs);
        PutIfNonZero(item, ModifyTime, inode.ModifyTimeNs);
        PutIfNonZero(item, ChangeTime, inode.ChangeTimeNs);
        PutIfNonZero(item, BirthTime, inode.BirthTimeNs);
        PutIfNonZero(item, Parent, inode.Parent);
        PutIfNonZero(item, StoredBytes, inode.StoredBytes);
        if (inode.SymlinkTarget is { } target)
        {
            item[SymlinkTarget] = Bin(target);
        }
        // Present (even empty) means "content is inline"; absent means "content is in blocks".
        if (inode.InlineData is { } data)
        {
            item[InlineData] = Bin(data);
        }
        return item;
    }

    public static InodeRecord Decode(Dictionary<string, AttributeValue> item)
    {
        string pk = item[Keys.Pk].S;
        return new InodeRecord
        {
            Id = ulong.Parse(pk.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture),
            Mode = (uint)U64(item, Mode),
            Uid = (uint)U64(item, Uid),
            Gid = (uint)U64(item, Gid),
            Size = U64(item, Size),
            Links = (uint)U64(item, Links),
            Rdev = (uint)U64(item, Rdev),
            AccessTimeNs = I64(item, AccessTime),
            ModifyTimeNs = I64(item, ModifyTime),
            ChangeTimeNs = I64(item, ChangeTime),
            BirthTimeNs = I64(item, BirthTime),
            Version = U64(item, Version),
            Parent = U64(item, Parent),
            StoredBytes = U64(item, StoredBytes),
            SymlinkTarget = item.TryGetValue(SymlinkTarget, out var t) ? t.B.ToArray() : null,
            InlineData = item.TryGetValue(InlineData, out var d) ? d.B.ToArray() : null,
        };
    }

    public static RemovalGuard? DecodeGuard(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(Guard, out var g) && g.M is { } map
            ? new RemovalGuard(map[RemovalGuard.TokenField].S, long.Parse(map[RemovalGuard.ExpiryField].N, CultureInfo.InvariantCulture))
            : null;

    public static AttributeValue N(ulong n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };
    public static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };
    public static AttributeValue N(uint n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };
    public static AttributeValue N(int n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };
    public static AttributeValue S(string s) => new() { S = s };
    public static AttributeValue Bin(ReadOnlyMemory<byte> bytes) => new() { B = new MemoryStream(bytes.ToArray(), writable: false) };

    public static ulong U64(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is { } n ? ulong.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;

    public static long I64(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is { } n ? long.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;

    private static void PutIfNonZero(Dictionary<string, AttributeValue> item, string name, ulong value)
    {
        if (value != 0)
        {
            item[name] = N(value);
        }
    }

    private static void PutIfNonZero(Dictionary<string, AttributeValue> item, string name, long value)
    {
        if (value != 0)
        {
            item[name] = N(value);
        }
    }
}
