using Amazon.DynamoDBv2;
using DynamoFS.DynamoDb.Local;

namespace DynamoFS.TestSupport;

/// <summary>
/// One in-memory DynamoDB Local per test process, started by the first test that asks and stopped
/// when the process exits. Sharing it matters: a JVM start costs seconds, and xunit 2 has no
/// assembly fixture. Tests stay independent by using their own tables (<see cref="TestTables"/>),
/// never by sharing table names.
/// </summary>
public static class SharedTestDynamoDb
{
    private static readonly Lazy<Task<DynamoDbLocalServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The running instance (started on first call; later calls wait for the same start).</summary>
    public static Task<DynamoDbLocalServer> GetAsync() => Server.Value;

    public static async Task<Uri> GetEndpointAsync() => (await GetAsync().ConfigureAwait(false)).Endpoint;

    /// <summary>A new client on the shared instance; the caller disposes it.</summary>
    public static async Task<AmazonDynamoDBClient> CreateClientAsync() => (await GetAsync().ConfigureAwait(false)).CreateClient();

    private static async Task<DynamoDbLocalServer> StartAsync()
    {
        var server = await DynamoDbLocalServer.StartAsync(new DynamoDbLocalOptions { SharedDb = true }).ConfigureAwait(false);
        // The test host exits normally after the last test; this is where the JVM goes with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }
}
