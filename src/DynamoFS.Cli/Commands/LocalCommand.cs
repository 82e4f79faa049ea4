using System.CommandLine;
using DynamoFS.DynamoDb.Local;

namespace DynamoFS.Cli.Commands;

/// <summary>
/// `dynamofs local start|stop|status`: the per-user DynamoDB Local behind local: URLs. It starts by
/// itself on first use; these are for looking at it and for stopping it (its data stays on disk).
/// </summary>
public static class LocalCommand
{
    /// <summary>`local status` exit code when nothing runs (the LSB convention for "program is not running").</summary>
    public const int NotRunning = 3;

    public static Command Create(CliContext context)
    {
        var start = new Command("start", "Start DynamoDB Local (installing it on first use) unless it is running");
        start.SetAction(async (_, cancellationToken) =>
        {
            var status = await context.Local.EnsureRunningAsync(cancellationToken);
            context.Out.WriteLine($"DynamoDB Local is running at {status.Endpoint} (pid {status.ProcessId}, data in {status.DataDirectory})");
            return 0;
        });

        var stop = new Command("stop", "Stop DynamoDB Local (unmount local: file systems first; their data stays on disk)");
        stop.SetAction(async (_, cancellationToken) =>
        {
            var before = await context.Local.GetStatusAsync(cancellationToken);
            var stopped = await context.Local.StopAsync(cancellationToken);
            context.Out.WriteLine(stopped ? $"stopped DynamoDB Local (pid {before.ProcessId})" : "DynamoDB Local is not running");
            return 0;
        });

        var status = new Command("status", $"Show whether DynamoDB Local runs, where, and its data directory (exit {NotRunning} when stopped)");
        status.SetAction(async (_, cancellationToken) =>
        {
            var current = await context.Local.GetStatusAsync(cancellationToken);
            context.Out.WriteLine(current.State switch
            {
                ManagedInstanceState.Running => $"running at {current.Endpoint} (pid {current.ProcessId})",
                ManagedInstanceState.NotAnswering => $"not answering: pid {current.ProcessId} on port {current.Port} is alive but does not respond; `dynamofs local stop` then `start`",
                _ => "stopped",
            });
            context.Out.WriteLine($"data: {current.DataDirectory}");
            context.Out.WriteLine($"log:  {current.LogPath}");
            return current.State == ManagedInstanceState.Running ? 0 : NotRunning;
        });

        return new Command("local",
            "Manage the DynamoDB Local that serves local:<name> file systems (one per user, shared by all of them).\n\n" +
            "Examples:\n" +
            "  dynamofs local status\n" +
            "  dynamofs local stop")
        {
            start, stop, status,
        };
    }
}
