using System.Diagnostics;

namespace DynamoFS.Cli.Mounting;

/// <summary>
/// Starts a program that must outlive us: in its own session (setsid: no controlling terminal,
/// so the shell's Ctrl+C and hangup never reach it), stdin from /dev/null, stdout and stderr
/// appended to a log file. A shell does the fork-and-redirect that .NET cannot do safely.
/// </summary>
public static class DetachedProcess
{
    /// <returns>The pid of the program itself (setsid execs in place in a non-group-leader child).</returns>
    public static async Task<int> StartAsync(string program, IEnumerable<string> arguments, string logPath, CancellationToken cancellationToken)
    {
        const string Script = "log=$1; shift; if command -v setsid >/dev/null; then setsid \"$@\" >>\"$log\" 2>&1 </dev/null & else \"$@\" >>\"$log\" 2>&1 </dev/null & fi; echo $!";
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", Script, "sh", logPath, program }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var shell = Process.Start(start) ?? throw new CliException("cannot run /bin/sh to start the background mount. Use --foreground");
        var printed = await shell.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = await shell.StandardError.ReadToEndAsync(cancellationToken);
        await shell.WaitForExitAsync(cancellationToken);
        return int.TryParse(printed.Trim(), out var pid)
            ? pid
            : throw new CliException($"could not start the background mount ({errors.Trim()}). Use --foreground");
    }

    /// <summary>Alive and not a zombie (a detached child is reaped by init, perhaps late).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
