using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.DynamoDb.Tables;

namespace DynamoFS.TestSupport;

/// <summary>
/// A minimal <see cref="IFileSystemInitializer"/> for testing format and the CLI before (and
/// independently of) the store's real one: it writes a single settings item at pk "fs", sk
/// "settings". Not the store's layout; tests must not rely on the item's shape.
/// </summary>
public sealed class StandInFileSystemInitializer : IFileSystemInitializer
{
    private static Dictionary<string, AttributeValue> SettingsKey => new()
    {
        [TableManager.PartitionKey] = new AttributeValue { S = "fs" },
        [TableManager.SortKey] = new AttributeValue { S = "settings" },
    };

    public int InitializeCalls { get; private set; }

    public async Task InitializeAsync(IAmazonDynamoDB client, string table, FormatOptions options, CancellationToken cancellationToken)
    {
        InitializeCalls++;
        var item = SettingsKey;
        item["blockSize"] = new AttributeValue { N = options.BlockSize.ToString(CultureInfo.InvariantCulture) };
        await client.PutItemAsync(new PutItemRequest { TableName = table, Item = item }, cancellationToken);
    }

    public async Task<FileSystemFormat?> ReadFormatAsync(IAmazonDynamoDB client, string table, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = SettingsKey, ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item
            ? new FileSystemFormat(int.Parse(item["blockSize"].N, CultureInfo.InvariantCulture))
            : null;
    }
}
