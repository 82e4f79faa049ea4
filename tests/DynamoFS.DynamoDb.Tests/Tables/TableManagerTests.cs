using Amazon.DynamoDBv2;
using DynamoFS.DynamoDb.Tables;
using DynamoFS.TestSupport;

namespace DynamoFS.DynamoDb.Tests.Tables;

public sealed class TableManagerTests
{
    [Fact]
    public async Task Creates_an_active_on_demand_pk_sk_table_and_deletes_it()
    {
        using var client = await SharedTestDynamoDb.CreateClientAsync();
        var tables = new TableManager(client, pollInterval: TimeSpan.FromMilliseconds(50));
        var name = TestTables.UniqueName("tm");

        Assert.False(await tables.ExistsAsync(name));
        var created = await tables.CreateAsync(name);

        Assert.Equal(TableStatus.ACTIVE, created.TableStatus);
        Assert.True(TableManager.HasFileSystemKeySchema(created));
        Assert.Equal(BillingMode.PAY_PER_REQUEST, created.BillingModeSummary?.BillingMode);
        Assert.True(await tables.ExistsAsync(name));

        Assert.True(await tables.DeleteAsync(name));
        Assert.False(await tables.ExistsAsync(name));
        Assert.False(await tables.DeleteAsync(name));
    }

    [Fact]
    public async Task Creating_an_existing_table_says_so_in_one_line()
    {
        using var client = await SharedTestDynamoDb.CreateClientAsync();
        var tables = new TableManager(client);
        var name = TestTables.UniqueName("tm");
        await tables.CreateAsync(name);

        var error = await Assert.ThrowsAsync<TableException>(() => tables.CreateAsync(name));

        Assert.StartsWith($"table {name} is busy or already exists (", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task An_invalid_name_is_rejected_with_the_service_message()
    {
        using var client = await SharedTestDynamoDb.CreateClientAsync();
        var tables = new TableManager(client);

        var error = await Assert.ThrowsAsync<TableException>(() => tables.CreateAsync("no/slashes"));

        Assert.StartsWith("invalid table name \"no/slashes\": ", error.Message);
        Assert.Contains(error.InnerException!.Message, error.Message);
        Assert.EndsWith("Use 3 to 255 characters from A-Z a-z 0-9 _ - .", error.Message);
    }
}
