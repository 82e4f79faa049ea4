using Amazon.DynamoDBv2;
using Amazon.Runtime;
using DynamoFS.DynamoDb.Local;
using DynamoFS.DynamoDb.Tables;
using DynamoFS.TestSupport;

namespace DynamoFS.DynamoDb.Tests.Store;

/// <summary>
/// The store tests' access to the shared in-memory DynamoDB Local (TestSupport): clients with
/// the store's own SDK settings (no SDK retries: the store owns the retry policy) and a fresh
/// table per test, so test classes run in parallel without seeing each other.
/// </summary>
public static class TestDynamo
{
    public static async Task<AmazonDynamoDBClient> CreateClientAsync(Action<AmazonDynamoDBConfig>? configure = null)
    {
        var endpoint = await SharedTestDynamoDb.GetEndpointAsync();
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = endpoint.ToString(),
            AuthenticationRegion = LocalDynamoDbClientFactory.Region,
            MaxErrorRetry = 0,
        };
        configure?.Invoke(config);
        return new AmazonDynamoDBClient(new BasicAWSCredentials("dynamofslocal", "dynamofslocal"), config);
    }

    public static async Task<string> CreateTableAsync(IAmazonDynamoDB client)
    {
        string name = TestTables.UniqueName("store");
        await new TableManager(client).CreateAsync(name);
        return name;
    }
}
