using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;

namespace DynamoFS.DynamoDb.Store;

/// <summary>
/// Writes what a new file system needs in an existing, empty table: the settings item, the root
/// inode (id 1: mode 040755, uid/gid 0, nlink 2, its own parent), the inode counter starting
/// after the root, and the usage counters counting the root. Idempotent: every item is put only
/// if absent, so running it again (or after a crash half way) completes the format; settings that
/// differ from an existing format are refused unless <c>force</c>, which overwrites them and the
/// root (data already in the table is left as it is).
/// </summary>
public static class FileSystemFormatter
{
    public const ulong RootInode = 1;
    public const int DefaultBlockSize = 128 * 1024;
    public const int DefaultInlineLimit = 4 * 1024;

    public static async Task<FileSystemSettings> InitializeAsync(
        IAmazonDynamoDB client, string tableName, int blockSize, int inlineLimit, bool force, CancellationToken ct)
    {
        if (blockSize < 4096 || blockSize > 256 * 1024 || (blockSize & (blockSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "the block size must be a power of two between 4 KiB and 256 KiB");
        }
        if (inlineLimit < 0 || inlineLimit > 64 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(inlineLimit), inlineLimit, "the inline limit must be between 0 and 64 KiB");
        }
        var table = new DynamoTable(client, tableName);
        var settings = new FileSystemSettings(blockSize, inlineLimit, SettingsCodec.CurrentFormatVersion);
        long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long nowNs = nowMs * 1_000_000;
        var root = new InodeRecord
        {
            Id = RootInode,
            Mode = 0x4000 | 0x1ED, // S_IFDIR | 0755
            Links = 2,
            Parent = RootInode,
            AccessTimeNs = nowNs,
            ModifyTimeNs = nowNs,
            ChangeTimeNs = nowNs,
            BirthTimeNs = nowNs,
        };

        var settingsPut = await PutAsync(table, SettingsCodec.Encode(settings, nowMs), ifAbsent: !force, ct).ConfigureAwait(false);
        if (!settingsPut.Succeeded)
        {
            var existing = SettingsCodec.Decode(settingsPut.CurrentItem!);
            if (existing != settings)
            {
                throw new InvalidOperationException(
                    $"table '{tableName}' is already formatted with block size {existing.BlockSize}, inline limit {existing.InlineLimit}, " +
                    $"format {existing.FormatVersion}; use --force to overwrite the settings");
            }
        }
        await PutAsync(table, InodeCodec.Encode(root), ifAbsent: !force, ct).ConfigureAwait(false);
        var counter = Keys.InodeCounter();
        counter["n"] = InodeCodec.N(RootInode + 1);
        await PutAsync(table, counter, ifAbsent: true, ct).ConfigureAwait(false);
        await PutAsync(table, UsageCounters.InitialItem(), ifAbsent: true, ct).ConfigureAwait(false);
        return settings;
    }

    private static Task<WriteOutcome> PutAsync(DynamoTable table, Dictionary<string, AttributeValue> item, bool ifAbsent, CancellationToken ct)
    {
        var request = new PutItemRequest { Item = item };
        if (ifAbsent)
        {
            var x = new Expression();
            request.ConditionExpression = TransactItems.Absent(x);
            request.ExpressionAttributeNames = x.Names;
        }
        return table.PutItemAsync(request, ct);
    }
}
