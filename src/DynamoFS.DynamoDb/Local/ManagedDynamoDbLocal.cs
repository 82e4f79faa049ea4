using System.Diagnostics;
using Amazon.DynamoDBv2.Model;

namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// The per-user DynamoDB Local that serves every <c>local:&lt;name&gt;</c> file system (one table each).
/// Started on first use, detached in its own session so it outlives the CLI that started it and
/// ignores that terminal's Ctrl+C; persisted under <see cref="DataDirectory"/>:
/// <c>db/</c> (the sqlite files, -sharedDb so any credentials see the same tables),
/// <c>instance.json</c> (pid + port), <c>instance.lock</c>, <c>dynamodb-local.log</c>.
/// Every method is safe to call from concurrent processes: they serialize on the lock file.
/// </summary>
public sealed class ManagedDynamoDbLocal
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(3);
    private readonly DynamoDbLocalInstaller _installer;
    private readonly TimeSpan _startTimeout;

    /// <param name="dataDirectory">Defaults to <see cref="DynamoDbLocalPaths.DefaultLocalDataDirectory"/>.</param>
    public ManagedDynamoDbLocal(string? dataDirectory = null, DynamoDbLocalInstaller? installer = null, TimeSpan? startTimeout = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory ?? DynamoDbLocalPaths.DefaultLocalDataDirectory);
        _installer = installer ?? new DynamoDbLocalInstaller();
        _startTimeout = startTimeout ?? TimeSpan.FromSeconds(90);
    }

    public string DataDirectory { get; }
    public string DatabaseDirectory => Path.Combine(DataDirectory, "db");
    public string LogPath => Path.Combine(DataDirectory, "dynamodb-local.log");
    private string StatePath => Path.Combine(DataDirectory, "instance.json");
    private string LockPath => Path.Combine(DataDirectory, "instance.lock");

    /// <summary>Where the instance is now, without starting anything.</summary>
    public async Task<ManagedInstanceStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var state = ManagedInstanceStateFile.Read(StatePath);
        if (state is null || !IsOurEmulator(state))
        {
            return Status(ManagedInstanceState.Stopped, null);
        }
        return await AnswersAsync(state.Port, cancellationToken).ConfigureAwait(false)
            ? Status(ManagedInstanceState.Running, state)
            : Status(ManagedInstanceState.NotAnswering, state);
    }

    /// <summary>
    /// The endpoint of a running instance: the recorded one if it is alive and answering, else a
    /// new one (installing DynamoDB Local first if needed). A hung recorded instance is killed.
    /// </summary>
    public async Task<ManagedInstanceStatus> EnsureRunningAsync(CancellationToken cancellationToken = default)
    {
        // Fast path without the lock: the common case is an instance that is already up.
        var current = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (current.State == ManagedInstanceState.Running)
        {
            return current;
        }

        Directory.CreateDirectory(DataDirectory);
        using var held = await FileLock.AcquireAsync(LockPath, LockTimeout, cancellationToken).ConfigureAwait(false);
        var state = ManagedInstanceStateFile.Read(StatePath);
        if (state is not null && IsOurEmulator(state))
        {
            if (await AnswersAsync(state.Port, cancellationToken).ConfigureAwait(false))
            {
                return Status(ManagedInstanceState.Running, state);
            }
            // Holding the lock means nobody else is starting it, so an instance that does not answer is hung.
            await UnixProcess.TerminateAsync(state.ProcessId, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }

        var installation = await _installer.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        // Keep the previous port when we can: a client that cached the endpoint reconnects unchanged.
        var port = state is not null && PortIsFree(state.Port) ? state.Port : LoopbackPort.PickFree();
        var started = await StartDetachedAsync(installation, port, cancellationToken).ConfigureAwait(false);
        return Status(ManagedInstanceState.Running, started);
    }

    /// <summary>Stops the instance by its recorded pid. Returns false when none was running.</summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(DataDirectory))
        {
            return false;
        }
        using var held = await FileLock.AcquireAsync(LockPath, LockTimeout, cancellationToken).ConfigureAwait(false);
        var state = ManagedInstanceStateFile.Read(StatePath);
        var stopped = false;
        if (state is not null && IsOurEmulator(state))
        {
            // A generous grace: with -dbPath the JVM's shutdown closes sqlite cleanly.
            stopped = await UnixProcess.TerminateAsync(state.ProcessId, TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
        }
        File.Delete(StatePath);
        return stopped;
    }

    private async Task<ManagedInstanceStateFile> StartDetachedAsync(DynamoDbLocalInstallation installation, int port, CancellationToken cancellationToken)
    {
        var java = ExternalTool.Require("java", "Install Java 17 (Debian: apt-get install openjdk-17-jre-headless) to run DynamoDB Local");
        Directory.CreateDirectory(DatabaseDirectory);
        var logStart = File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;

        // sh puts the JVM in the background with its output in the log and prints its pid. setsid
        // gives it its own session: no controlling terminal, so closing the terminal or Ctrl+C in
        // it does not reach the emulator. (setsid execs in place when not a group leader, which a
        // background job of a non-interactive shell never is, so $! is the JVM itself.)
        var setsid = ExternalTool.Find("setsid");
        var script = setsid is null
            ? "log=$1; shift; \"$@\" >>\"$log\" 2>&1 </dev/null & echo $!"
            : "log=$1; shift; setsid \"$@\" >>\"$log\" 2>&1 </dev/null & echo $!";
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = installation.EmulatorDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", script, "sh", LogPath, java }.Concat(installation.JavaArguments(port, DatabaseDirectory, sharedDb: true)))
        {
            start.ArgumentList.Add(argument);
        }
        using var shell = Process.Start(start) ?? throw new DynamoDbLocalException("could not run /bin/sh to start DynamoDB Local");
        var printed = await shell.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var errors = await shell.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await shell.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (!int.TryParse(printed.Trim(), out var pid))
        {
            throw new DynamoDbLocalException($"could not start DynamoDB Local in the background ({errors.Trim()}). Check /bin/sh and java", details: errors);
        }

        var state = new ManagedInstanceStateFile(pid, port, DateTimeOffset.UtcNow);
        try
        {
            await DynamoDbLocalReadiness.WaitAsync(new Uri($"http://127.0.0.1:{port}/"), () => UnixProcess.IsAlive(pid),
                () => ReadLogFrom(logStart), _startTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await UnixProcess.TerminateAsync(pid, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        state.Write(StatePath);
        return state;
    }

    /// <summary>The pid is alive and still runs our launcher (not a stranger that reused the pid).</summary>
    private static bool IsOurEmulator(ManagedInstanceStateFile state) =>
        UnixProcess.IsAlive(state.ProcessId)
        && UnixProcess.CommandLine(state.ProcessId).Contains(DynamoDbLocalInstallation.LauncherClass, StringComparison.Ordinal);

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        using var client = LocalDynamoDbClientFactory.Create(new Uri($"http://127.0.0.1:{port}/"), maxErrorRetry: 0, timeout: TimeSpan.FromSeconds(3));
        try
        {
            await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private string ReadLogFrom(long offset)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private ManagedInstanceStatus Status(ManagedInstanceState state, ManagedInstanceStateFile? file) =>
        new(state, file?.ProcessId, file?.Port, DataDirectory, LogPath);
}
