using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.DynamoDb.Tables;
using DynamoFS.TestSupport;

namespace DynamoFS.DynamoDb.Tests.Tables;

public sealed class FileSystemFormatterTests
{
    [Fact]
    public async Task Formats_once_then_reports_already_formatted()
    {
        using var client = await SharedTestDynamoDb.CreateClientAsync();
        var initializer = new StandInFileSystemInitializer();
        var formatter = new FileSystemFormatter(client, initializer);
        var name = TestTables.UniqueName("fmt");

        var first = await formatter.FormatAsync(name, new FormatOptions { BlockSize = 64 * 1024 });
        var second = await formatter.FormatAsync(name, new FormatOptions { BlockSize = 64 * 1024 });

        Assert.Equal(FormatOutcome.Created, first.Outcome);
        Assert.Equal(FormatOutcome.AlreadyFormatted, second.Outcome);
        Assert.Equal(new FileSystemFormat(64 * 1024), second.Format);
        Assert.Equal(1, initializer.InitializeCalls);
    }

    [Fact]
    public async Task Other_settings_are_refused_unless_forced()
    {
        using var client = await SharedTestDynamoDb.CreateClientAsync();
        var initializer = new StandInFileSystemInitializer();
        var formatter = new FileSystemFormatter(client, initializer);
        var name = TestTables.UniqueName("fmt");
        await formatter.FormatAsync(name, new FormatOptions());
        await client.PutItemAsync(new PutItemRequest { TableName = name, Item = Item("file", "data") });

        var refused = await Assert.ThrowsAsync<TableException>(() => formatter.FormatAsync(name, new FormatOptions { BlockSize = 4096 }));
        Assert.Equal(
            $"{name} is already formatted with block size 128K, not 4K. Format with the same settings, or add --force to destroy it and format again",
            refused.Message);

        var forced = await formatter.FormatAsync(name, new FormatOptions { BlockSize = 4096, Force = true });
        Assert.Equal(FormatOutcome.Reformatted, forced.Outcome);
        Assert.Equal(new FileSystemFormat(4096), await initializer.ReadFormatAsync(client, name, default));
        var old = await client.GetItemAsync(new GetItemRequest { TableName = name, Key = Item("file", "data"), ConsistentRead = true });
        Assert.True(old.Item is null || old.Item.Count == 0, "--force must destroy the old file system's items");
    }

    [Fact]
    public async Task An_empty_existing_table_is_initialized()
    {
        using var client = await SharedTestDynamoDb.CreateClientAsync();
        var name = TestTables.UniqueName("fmt");
        await new TableManager(client).CreateAsync(name);

        var result = await new FileSystemFormatter(client, new StandInFileSystemInitializer()).FormatAsync(name, new FormatOptions());

        Assert.Equal(FormatOutcome.Initialized, result.Outcome);
    }

    [Fact]
    public async Task A_table_of_someone_elses_data_is_refused()
    {
        using var client = await SharedTestDynamoDb.CreateClientAsync();
        var name = TestTables.UniqueName("fmt");
        await new TableManager(client).CreateAsync(name);
        for (var i = 0; i < 20; i++)
        {
            await client.PutItemAsync(new PutItemRequest { TableName = name, Item = Item($"other{i}", "x") });
        }

        var error = await Assert.ThrowsAsync<TableException>(() =>
            new FileSystemFormatter(client, new StandInFileSystemInitializer()).FormatAsync(name, new FormatOptions()));

        Assert.Equal($"table {name} holds items but no DynamoFS file system. Choose another name, or add --force to destroy its contents", error.Message);
    }

    [Fact]
    public async Task A_table_with_another_key_schema_is_refused()
    {
        using var client = await SharedTestDynamoDb.CreateClientAsync();
        var name = TestTables.UniqueName("fmt");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
        });

        var error = await Assert.ThrowsAsync<TableException>(() =>
            new FileSystemFormatter(client, new StandInFileSystemInitializer()).FormatAsync(name, new FormatOptions()));

        Assert.StartsWith($"table {name} exists with another key schema", error.Message);
    }

    private static Dictionary<string, AttributeValue> Item(string pk, string sk) =>
        new() { [TableManager.PartitionKey] = new AttributeValue { S = pk }, [TableManager.SortKey] = new AttributeValue { S = sk } };
}
