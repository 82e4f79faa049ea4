using Amazon.DynamoDBv2;

namespace DynamoFS.DynamoDb.Requests;

/// <summary>
/// SDK settings for clients the store uses. The store owns the retry policy (<see cref="RetryOptions"/>:
/// one budget, counted in <see cref="RequestStats"/>, idempotency tokens kept across ambiguous
/// failures), so the SDK's own retries are turned off: with both, a throttled request would be
/// retried up to (SDK × store) times, invisibly to the stats. A request timeout turns a hung
/// connection into an ordinary ambiguous failure that the policy retries.
/// </summary>
public static class DynamoClientSettings
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static AmazonDynamoDBConfig ConfigureForStore(AmazonDynamoDBConfig config)
    {
        config.MaxErrorRetry = 0;
        config.Timeout = RequestTimeout;
        return config;
    }
}
