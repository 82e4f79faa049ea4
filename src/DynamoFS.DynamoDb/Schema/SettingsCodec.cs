using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;

namespace DynamoFS.DynamoDb.Schema;

/// <summary>The settings item FS/SETTINGS: written once at format time, read at every open.</summary>
public static class SettingsCodec
{
    public const int CurrentFormatVersion = 1;
    private const string FormatVersion = "fv";
    private const string BlockSize = "bs";
    private const string InlineLimit = "il";
    private const string Created = "cr";

    public static Dictionary<string, AttributeValue> Encode(FileSystemSettings settings, long createdUnixMs)
    {
        var item = Keys.Settings();
        item[FormatVersion] = InodeCodec.N(settings.FormatVersion);
        item[BlockSize] = InodeCodec.N(settings.BlockSize);
        item[InlineLimit] = InodeCodec.N(settings.InlineLimit);
        item[Created] = InodeCodec.N(createdUnixMs);
        return item;
    }

    public static FileSystemSettings Decode(Dictionary<string, AttributeValue> item) => new(
        BlockSize: (int)InodeCodec.U64(item, BlockSize),
        InlineLimit: (int)InodeCodec.U64(item, InlineLimit),
        FormatVersion: (int)InodeCodec.U64(item, FormatVersion));

    public static long CreatedUnixMs(Dictionary<string, AttributeValue> item) => InodeCodec.I64(item, Created);
}
