using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace DynamoFS.DynamoDb.Tests.Store;

/// <summary>
/// One in-memory DynamoDB Local for the store tests; every test gets its own table.
/// Uses DYNAMOFS_TEST_ENDPOINT when set, otherwise starts the emulator found in
/// DYNAMODB_LOCAL_DIR (default /tmp/ddbl/package/emulator) on a free loopback port.
/// </summary>
public sealed class LocalDynamoFixture : IAsyncLifetime
{
    private Process? _process;
    private string _endpoint = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("DYNAMOFS_TEST_ENDPOINT") is { Length: > 0 } endpoint)
        {
            _endpoint = endpoint;
            return;
        }
        string dir = Environment.GetEnvironmentVariable("DYNAMODB_LOCAL_DIR") ?? "/tmp/ddbl/package/emulator";
        int port = FreePort();
        var psi = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Prefer the loopback-only launcher (DynamoDB Local's own binds every interface).
        string? loopback = new[] { Environment.GetEnvironmentVariable("DYNAMODB_LOCAL_LOOPBACK_DIR"), "/tmp/lb", "/tmp/store-lb" }
            .FirstOrDefault(d => d is not null && File.Exists(Path.Combine(d, "LoopbackDynamoDbLocal.class")));
        string[] launch = loopback is null
            ? ["-jar", $"{dir}/DynamoDBLocal.jar"]
            : ["-cp", $"{loopback}:{dir}/DynamoDBLocal.jar:{dir}/DynamoDBLocal_lib/*", "LoopbackDynamoDbLocal"];
        foreach (var arg in new[] { $"-Djava.library.path={dir}/DynamoDBLocal_lib" }.Concat(launch).Concat(
        [
            "-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-inMemory", "-disableTelemetry",
        ]))
        {
            psi.ArgumentList.Add(arg);
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start DynamoDB Local");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _endpoint = $"http://127.0.0.1:{port}";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        using var client = CreateClient();
        while (true)
        {
            try
            {
                await client.ListTablesAsync(new ListTablesRequest());
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    public AmazonDynamoDBClient CreateClient(Action<AmazonDynamoDBConfig>? configure = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = _endpoint,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        };
        configure?.Invoke(config);
        return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }

    public async Task<string> CreateTableAsync(IAmazonDynamoDB client)
    {
        string name = "t" + Guid.NewGuid().ToString("N")[..12];
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        return name;
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class LocalDynamoCollection : ICollectionFixture<LocalDynamoFixture>
{
    public const string Name = "DynamoDB Local (store)";
}
