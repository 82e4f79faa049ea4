using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// Clients for DynamoDB Local. It checks that requests are signed but not by whom, so fixed dummy
/// credentials and region keep the user's real AWS configuration (profiles, env vars) out of it.
/// (Since 2.0 it rejects access keys with anything but letters and digits, hence no dashes.)
/// </summary>
public static class LocalDynamoDbClientFactory
{
    public const string Region = "us-east-1";

    /// <summary>A client for the DynamoDB-compatible service at <paramref name="endpoint"/>, with dummy credentials.</summary>
    /// <param name="maxErrorRetry">SDK retries; readiness probes pass 0 so a dead port fails fast.</param>
    public static AmazonDynamoDBClient Create(Uri endpoint, int maxErrorRetry = 3, TimeSpan? timeout = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = endpoint.ToString(),
            AuthenticationRegion = Region,
            MaxErrorRetry = maxErrorRetry,
        };
        if (timeout is { } t)
        {
            config.Timeout = t;
        }
        return new AmazonDynamoDBClient(new BasicAWSCredentials("dynamofslocal", "dynamofslocal"), config);
    }
}
