using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;
using DynamoFS.DynamoDb.Tables;

namespace DynamoFS.DynamoDb.Store;

/// <summary>
/// The store's <see cref="IFileSystemInitializer"/>: writes what makes an empty table a file
/// system, in this order: the root inode (id 1: mode 040755, uid/gid 0, nlink 2, its own parent),
/// the inode counter starting after the root, the usage counters counting the root, and last the
/// settings item, so that a settings item means "completely formatted". Every item is put only if
/// absent: running it again after an interruption completes the format and never overwrites a
/// file system in use. (Destroying an old file system is the table's business: `format --force`
/// recreates the table before calling this.)
/// </summary>
public sealed class FileSystemInitializer : IFileSystemInitializer
{
    public const ulong RootInode = 1;
    public const int DefaultInlineLimit = 4 * 1024;

    /// <summary>Inline limit for new file systems (FormatOptions has no field for it yet).</summary>
    public int InlineLimit { get; init; } = DefaultInlineLimit;

    public Task InitializeAsync(IAmazonDynamoDB client, string table, FormatOptions options, CancellationToken cancellationToken) =>
        InitializeAsync(client, table, options.BlockSize, InlineLimit, cancellationToken);

    public async Task<FileSystemFormat?> ReadFormatAsync(IAmazonDynamoDB client, string table, CancellationToken cancellationToken)
    {
        var item = await new DynamoTable(client, table).GetItemAsync(Keys.Settings(), cancellationToken).ConfigureAwait(false);
        return item is null ? null : new FileSystemFormat(SettingsCodec.Decode(item).BlockSize);
    }

    /// <summary>Writes a new file system into an existing empty table (idempotent; see the class summary).</summary>
    public static async Task<FileSystemSettings> InitializeAsync(
        IAmazonDynamoDB client, string tableName, int blockSize, int inlineLimit, CancellationToken ct)
    {
        BlockSize.Validate(blockSize);
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
        await PutIfAbsentAsync(table, InodeCodec.Encode(root), ct).ConfigureAwait(false);
        var counter = Keys.InodeCounter();
        counter["n"] = InodeCodec.N(RootInode + 1);
        await PutIfAbsentAsync(table, counter, ct).ConfigureAwait(false);
        await PutIfAbsentAsync(table, UsageCounters.InitialItem(), ct).ConfigureAwait(false);

        var written = await PutIfAbsentAsync(table, SettingsCodec.Encode(settings, nowMs), ct).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            var existing = SettingsCodec.Decode(written.CurrentItem!);
            if (existing != settings)
            {
                throw new TableException(
                    $"table {tableName} is already formatted with block size {existing.BlockSize}, inline limit {existing.InlineLimit}, " +
                    $"format {existing.FormatVersion}");
            }
        }
        return settings;
    }

    private static Task<WriteOutcome> PutIfAbsentAsync(DynamoTable table, Dictionary<string, AttributeValue> item, CancellationToken ct)
    {
        var x = new Expression();
        var request = new PutItemRequest { Item = item, ConditionExpression = TransactItems.Absent(x) };
        request.ExpressionAttributeNames = x.Names;
        return table.PutItemAsync(request, ct);
    }
}
