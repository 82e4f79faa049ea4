using System.Text;

namespace DynamoFS.Cli.Mounting;

/// <summary>
/// `dynamofs mount` without --foreground: re-runs itself with --foreground as a detached process
/// (its output into the log file), then waits until the kernel shows the mount or the child dies.
/// The user gets a shell prompt back only when the file system is usable, or the child's own
/// one-line error; never a "mounted" that is not true.
/// </summary>
public static class BackgroundMount
{
    /// <summary>First use of local: installs and starts DynamoDB Local (npm + javac + JVM) before mounting.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);

    /// <returns>The child's pid once mounted.</returns>
    public static async Task<int> StartAsync(string mountPoint, IReadOnlyList<string> foregroundArguments, string logFile,
        string? executablePath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var logStart = File.Exists(logFile) ? new FileInfo(logFile).Length : 0;
        var (program, prefix) = SelfCommand(executablePath);
        var pid = await DetachedProcess.StartAsync(program, prefix.Concat(foregroundArguments), logFile, cancellationToken);

        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (MountTable.Find(mountPoint) is { IsDynamoFs: true })
            {
                return pid;
            }
            if (!DetachedProcess.IsAlive(pid))
            {
                // The child reports failures as one "dynamofs: ..." line on its stderr, which is the log.
                var error = LastErrorLine(logFile, logStart);
                throw new CliException(error ?? $"the background mount exited before mounting. See {logFile}");
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new CliException($"the mount at {mountPoint} was not ready after {ReadyTimeout.TotalSeconds:0} s (pid {pid} is still trying). See {logFile}, or unmount with: dynamofs umount {mountPoint}");
    }

    /// <summary>How to run ourselves again: the apphost directly, or `dotnet dynamofs.dll` when run that way.</summary>
    private static (string Program, string[] Prefix) SelfCommand(string? executablePath)
    {
        var program = executablePath ?? Environment.ProcessPath
            ?? throw new CliException("cannot find the dynamofs executable to start the background mount. Use --foreground");
        if (Path.GetFileNameWithoutExtension(program) == "dotnet")
        {
            var assembly = typeof(BackgroundMount).Assembly.Location;
            return (program, [assembly]);
        }
        return (program, []);
    }

    private static string? LastErrorLine(string logFile, long offset)
    {
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? last = null;
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith("dynamofs: ", StringComparison.Ordinal))
                {
                    last = line["dynamofs: ".Length..];
                }
            }
            return last;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
