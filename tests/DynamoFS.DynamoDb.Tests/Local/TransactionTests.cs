using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.TestSupport;

namespace DynamoFS.DynamoDb.Tests.Local;

/// <summary>
/// The store's atomicity rests on TransactWriteItems being all-or-nothing. These prove the emulator
/// we test against really implements that (dynalite, for one, has no transactions at all).
/// </summary>
public sealed class TransactionTests
{
    [Fact]
    public async Task A_failed_condition_check_cancels_the_whole_transaction()
    {
        using var client = await SharedTestDynamoDb.CreateClientAsync();
        var table = await CreateTableAsync(client);

        var transaction = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = table, Item = Key("file", "I") } },
                // The guard item does not exist, so this check fails.
                new TransactWriteItem
                {
                    ConditionCheck = new ConditionCheck
                    {
                        TableName = table,
                        Key = Key("guard", "I"),
                        ConditionExpression = "attribute_exists(pk)",
                    },
                },
            ],
        };

        var error = await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(transaction));
        Assert.Equal(["None", "ConditionalCheckFailed"], error.CancellationReasons.Select(r => r.Code));

        var put = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key("file", "I"), ConsistentRead = true });
        Assert.True(put.Item is null || put.Item.Count == 0, "the Put of a cancelled transaction must not have happened");

        // And once the guard exists, the very same transaction goes through.
        await client.PutItemAsync(new PutItemRequest { TableName = table, Item = Key("guard", "I") });
        await client.TransactWriteItemsAsync(transaction);
        put = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key("file", "I"), ConsistentRead = true });
        Assert.NotNull(put.Item);
        Assert.Equal("file", put.Item["pk"].S);
    }

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) =>
        new() { ["pk"] = new AttributeValue { S = pk }, ["sk"] = new AttributeValue { S = sk } };

    /// <summary>A throwaway pk/sk table (DynamoDB Local creates tables ACTIVE at once).</summary>
    internal static async Task<string> CreateTableAsync(IAmazonDynamoDB client)
    {
        var name = TestTables.UniqueName("txn");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition("pk", ScalarAttributeType.S),
                new AttributeDefinition("sk", ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        });
        return name;
    }
}
