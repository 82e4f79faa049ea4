using System.Diagnostics;
using Amazon.DynamoDBv2;

namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// One DynamoDB Local JVM owned by this process: started on a loopback port, in memory or on a data
/// directory, and ready (it answered ListTables) when <see cref="StartAsync"/> returns. Disposing
/// stops it by its own process id, never by name, so other emulators on the machine are untouched.
/// For the long-lived per-user instance that outlives the CLI, see <see cref="ManagedDynamoDbLocal"/>.
/// </summary>
public sealed class DynamoDbLocalServer : IDisposable, IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutputTail _output;
    private int _stopped;

    private DynamoDbLocalServer(Process process, ProcessOutputTail output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
        ProcessId = process.Id;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }
    public int ProcessId { get; }
    public Uri Endpoint { get; }

    /// <summary>What the emulator printed so far (the last lines).</summary>
    public string Output => _output.ToString();

    /// <summary>Installs DynamoDB Local if needed, then starts it.</summary>
    public static async Task<DynamoDbLocalServer> StartAsync(DynamoDbLocalOptions? options = null, CancellationToken cancellationToken = default)
    {
        var installation = await new DynamoDbLocalInstaller().EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        return await StartAsync(installation, options ?? new DynamoDbLocalOptions(), cancellationToken).ConfigureAwait(false);
    }

    public static async Task<DynamoDbLocalServer> StartAsync(DynamoDbLocalInstallation installation, DynamoDbLocalOptions options,
        CancellationToken cancellationToken = default)
    {
        var java = options.JavaPath ?? ExternalTool.Require("java", "Install Java 17 (Debian: apt-get install openjdk-17-jre-headless) to run DynamoDB Local");
        if (options.DataDirectory is not null)
        {
            Directory.CreateDirectory(options.DataDirectory);
        }

        // A port picked free can be taken before the JVM binds it; a couple of fresh picks cure that race.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port != 0 ? options.Port : LoopbackPort.PickFree();
            var server = Launch(java, installation, options, port);
            try
            {
                await DynamoDbLocalReadiness.WaitAsync(server.Endpoint, () => !server._process.HasExited, () => server.Output,
                    options.StartTimeout, cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (DynamoDbLocalException) when (options.Port == 0 && attempt < attempts && server.Output.Contains("Address already in use", StringComparison.Ordinal))
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private static DynamoDbLocalServer Launch(string java, DynamoDbLocalInstallation installation, DynamoDbLocalOptions options, int port)
    {
        var start = new ProcessStartInfo(java)
        {
            // Relative paths in the emulator resolve next to its files, not wherever we were started.
            WorkingDirectory = installation.EmulatorDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in installation.JavaArguments(port, options.DataDirectory, options.SharedDb))
        {
            start.ArgumentList.Add(argument);
        }
        var output = new ProcessOutputTail();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            process.Dispose();
            throw new DynamoDbLocalException($"could not run {java}: {e.Message}. Install Java 17", inner: e);
        }
        process.StandardInput.Close();
        // Draining both pipes keeps a chatty JVM from blocking on a full pipe buffer.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new DynamoDbLocalServer(process, output, port);
    }

    /// <summary>A client for this instance (dummy credentials, us-east-1). The caller disposes it.</summary>
    public AmazonDynamoDBClient CreateClient() => LocalDynamoDbClientFactory.Create(Endpoint);

    /// <summary>Stops the JVM (SIGTERM, then SIGKILL after a short grace) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        try
        {
            if (!_process.HasExited)
            {
                await UnixProcess.TerminateAsync(ProcessId, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            // TerminateAsync already sent SIGKILL; the kernel reaps it whether or not we watch.
        }
        finally
        {
            _process.Dispose();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
