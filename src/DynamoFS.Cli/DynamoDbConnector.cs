using Amazon;
using Amazon.DynamoDBv2;
using DynamoFS.DynamoDb.Local;
using DynamoFS.DynamoDb.Requests;

namespace DynamoFS.Cli;

/// <summary>
/// Opens a DynamoDB client for a <see cref="FileSystemUrl"/>: the standard AWS credential chain for
/// aws: URLs and remote endpoints; the managed DynamoDB Local (started if needed) for local:
/// URLs; dummy credentials for loopback endpoints, which are emulators that check only the form.
/// </summary>
/// <param name="progress">Told when the local instance must be started first (that can take a minute).</param>
public sealed class DynamoDbConnector(ManagedDynamoDbLocal local, TextWriter? progress = null)
{
    public async Task<AmazonDynamoDBClient> ConnectAsync(FileSystemUrl url, CancellationToken cancellationToken)
    {
        switch (url.Kind)
        {
            case FileSystemUrlKind.Local:
                if ((await local.GetStatusAsync(cancellationToken).ConfigureAwait(false)).State != ManagedInstanceState.Running)
                {
                    progress?.WriteLine($"starting DynamoDB Local for local: file systems (data in {local.DataDirectory}; the first start installs it)...");
                }
                var instance = await local.EnsureRunningAsync(cancellationToken).ConfigureAwait(false);
                return LocalDynamoDbClientFactory.Create(instance.Endpoint!, maxErrorRetry: 0, timeout: DynamoClientSettings.RequestTimeout);
            case FileSystemUrlKind.Endpoint when url.Endpoint!.IsLoopback:
                return LocalDynamoDbClientFactory.Create(url.Endpoint, maxErrorRetry: 0, timeout: DynamoClientSettings.RequestTimeout);
            case FileSystemUrlKind.Endpoint:
                return new AmazonDynamoDBClient(DynamoClientSettings.ConfigureForStore(new AmazonDynamoDBConfig
                {
                    ServiceURL = url.Endpoint!.ToString(),
                    AuthenticationRegion = url.Region,
                }));
            default:
                return new AmazonDynamoDBClient(DynamoClientSettings.ConfigureForStore(new AmazonDynamoDBConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(url.Region) }));
        }
    }
}
