using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace DynamoFS.DynamoDb.Schema;

/// <summary>
/// Every key of the table is built here and nowhere else; docs/DESIGN.md ("Key schema") is the
/// documentation of this file and the two must agree.
///
/// | item            | pk                 | sk                            |
/// |-----------------|--------------------|-------------------------------|
/// | settings        | FS                 | SETTINGS                      |
/// | inode counter   | FS                 | NEXTINO                       |
/// | usage counters  | FS                 | USAGE#&lt;n&gt;                  |
/// | inode           | I#&lt;ino&gt;        | A                             |
/// | directory entry | I#&lt;dir&gt;        | D#&lt;cookie16hex&gt;#&lt;name&gt; |
/// | xattr           | I#&lt;ino&gt;        | X#&lt;name&gt;                   |
/// | data block      | B#&lt;ino&gt;#&lt;k&gt; | B                             |
/// | reclaim record  | R#&lt;shard&gt;      | &lt;ino&gt;                      |
///
/// Numbers are decimal, cookies 16 lowercase hex digits (fixed width, so string order is numeric
/// order), names as <see cref="NameEncoding"/> stores them.
/// </summary>
public static class Keys
{
    public const string Pk = "pk";
    public const string Sk = "sk";

    private const string FileSystemPk = "FS";
    private const string InodeSk = "A";
    private const string BlockSk = "B";
    public const string EntryPrefix = "D#";
    public const string XattrPrefix = "X#";
    public const string UsagePrefix = "USAGE#";

    /// <summary>Reclaim records are spread over this many partitions so that a burst of deletes
    /// does not land on one partition key.</summary>
    public const int ReclaimShards = 16;

    public static Dictionary<string, AttributeValue> Settings() => Key(FileSystemPk, "SETTINGS");
    public static Dictionary<string, AttributeValue> InodeCounter() => Key(FileSystemPk, "NEXTINO");
    public static Dictionary<string, AttributeValue> Usage(int shard) => Key(FileSystemPk, UsagePrefix + Num(shard));
    public static string UsagePartition => FileSystemPk;

    public static string InodePartition(ulong inode) => "I#" + Num(inode);
    public static Dictionary<string, AttributeValue> Inode(ulong inode) => Key(InodePartition(inode), InodeSk);

    public static Dictionary<string, AttributeValue> Entry(ulong directory, ReadOnlySpan<byte> name) =>
        Key(InodePartition(directory), EntrySortKey(name));

    public static string EntrySortKey(ReadOnlySpan<byte> name) =>
        EntryPrefix + CookieHex(DirectoryCookie.Of(name)) + "#" + NameEncoding.Encode(name);

    /// <summary>
    /// The sort-key range of entries with cookie greater than <paramref name="afterCookie"/>:
    /// [D#&lt;after+1&gt;, D#g]. Every entry key is D#, 16 hex digits (0-9a-f), '#', so "D#g" is
    /// above all of them. (Bounding the range by the next cookie, not by "D#&lt;c&gt;#\uffff", keeps
    /// names whose UTF-8 starts above U+FFFF from being listed twice.) Null when nothing can follow.
    /// </summary>
    public static (string From, string To)? EntryRangeAfter(ulong afterCookie)
    {
        if (afterCookie >= DirectoryCookie.Max)
        {
            return null;
        }
        return (EntryPrefix + CookieHex(afterCookie + 1), EntryPrefix + "g");
    }

    /// <summary>Name and cookie of an entry from its sort key.</summary>
    public static (byte[] Name, ulong Cookie) ParseEntrySortKey(string sk)
    {
        // "D#" + 16 hex + "#" + encoded name
        ulong cookie = ulong.Parse(sk.AsSpan(2, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return (NameEncoding.Decode(sk.AsSpan(19)), cookie);
    }

    public static Dictionary<string, AttributeValue> Xattr(ulong inode, ReadOnlySpan<byte> name) =>
        Key(InodePartition(inode), XattrPrefix + NameEncoding.Encode(name));

    public static byte[] ParseXattrSortKey(string sk) => NameEncoding.Decode(sk.AsSpan(XattrPrefix.Length));

    /// <summary>Each block is its own partition, so a file's write rate is not capped by one partition's 1,000 WCU/s.</summary>
    public static Dictionary<string, AttributeValue> Block(ulong inode, ulong index) =>
        Key("B#" + Num(inode) + "#" + Num(index), BlockSk);

    public static ulong ParseBlockIndex(string pk) =>
        ulong.Parse(pk.AsSpan(pk.LastIndexOf('#') + 1), NumberStyles.None, CultureInfo.InvariantCulture);

    public static string ReclaimPartition(int shard) => "R#" + Num(shard);
    public static int ReclaimShardOf(ulong inode) => (int)(inode % ReclaimShards);
    public static Dictionary<string, AttributeValue> Reclaim(ulong inode) =>
        Key(ReclaimPartition(ReclaimShardOf(inode)), Num(inode));

    public static string CookieHex(ulong cookie) => cookie.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>A short readable form of a key, for logs and the transaction-keys hook.</summary>
    public static string Describe(Dictionary<string, AttributeValue> key) => key[Pk].S + "|" + key[Sk].S;

    private static string Num(ulong n) => n.ToString(CultureInfo.InvariantCulture);
    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) => new(2)
    {
        [Pk] = new AttributeValue { S = pk },
        [Sk] = new AttributeValue { S = sk },
    };
}
