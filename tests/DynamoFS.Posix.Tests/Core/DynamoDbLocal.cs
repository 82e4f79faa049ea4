using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using DynamoFS.Core;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Store;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>
/// One in-memory DynamoDB Local (AWS's emulator) for the Core tests: started once per test run
/// on a free loopback port, stopped at the end. Each test gets a fresh table, so tests never see
/// each other's data. Storage is never mocked.
/// </summary>
public sealed class DynamoDbLocal : IAsyncLifetime
{
    private Process? _java;

    public IAmazonDynamoDB Client { get; private set; } = null!;
    public int Port { get; private set; }

    private static string FindEmulator()
    {
        var candidates = new List<string?>
        {
            Environment.GetEnvironmentVariable("DYNAMODB_LOCAL_DIR"),
        };
        var root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local/share/dynamofs/dynamodb-local");
        if (Directory.Exists(root))
            candidates.AddRange(Directory.GetDirectories(root).OrderDescending().Select(d => Path.Combine(d, "emulator")));
        foreach (var dir in candidates)
            if (dir is not null && File.Exists(Path.Combine(dir, "DynamoDBLocal.jar"))) return dir;
        throw new InvalidOperationException("DynamoDB Local not found: set DYNAMODB_LOCAL_DIR to the emulator folder (DynamoDBLocal.jar + DynamoDBLocal_lib)");
    }

    public async Task InitializeAsync()
    {
        var dir = FindEmulator();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var psi = new ProcessStartInfo("java")
        {
            ArgumentList = { $"-Djava.library.path={Path.Combine(dir, "DynamoDBLocal_lib")}", "-jar", Path.Combine(dir, "DynamoDBLocal.jar"), "-port", Port.ToString(), "-inMemory", "-disableTelemetry" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _java = Process.Start(psi)!;
        _java.OutputDataReceived += (_, _) => { };
        _java.ErrorDataReceived += (_, _) => { };
        _java.BeginOutputReadLine();
        _java.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_java.HasExited)
            {
                await Task.Delay(200);
            }
        }
        Client = new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), new AmazonDynamoDBConfig
        {
            ServiceURL = $"http://127.0.0.1:{Port}",
            AuthenticationRegion = "us-east-1",
        });
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        if (_java is { HasExited: false })
        {
            _java.Kill(entireProcessTree: true);
            _java.WaitForExit(10_000);
        }
        _java?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Creates and formats a new table and opens the store on it.</summary>
    public async Task<DynamoMetadataStore> NewStoreAsync(int blockSize = 128 * 1024, int inlineLimit = 4096, RequestStats? stats = null)
    {
        string table = "core-" + Guid.NewGuid().ToString("N")[..12];
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        });
        await FileSystemInitializer.InitializeAsync(Client, table, blockSize, inlineLimit, CancellationToken.None);
        return await DynamoMetadataStore.OpenAsync(Client, table, new StoreOptions { Stats = stats ?? new RequestStats() });
    }

    /// <summary>A file system over a fresh table, driven directly through its FUSE methods.</summary>
    public async Task<FsHarness> NewFileSystemAsync(int blockSize = 128 * 1024, int inlineLimit = 4096, FileSystemOptions? options = null)
    {
        var store = await NewStoreAsync(blockSize, inlineLimit);
        options ??= new FileSystemOptions();
        options = options with { BeginOperation = RequestStats.BeginOperation };
        return new FsHarness(store, new DynamoFileSystem(store, store.Blocks, options));
    }
}

[CollectionDefinition(Name)]
public sealed class DynamoDbCollection : ICollectionFixture<DynamoDbLocal>
{
    public const string Name = "DynamoDB Local";
}
