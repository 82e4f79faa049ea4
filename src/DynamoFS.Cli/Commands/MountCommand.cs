using System.CommandLine;
using DynamoFS.Cli.Logging;
using DynamoFS.Cli.Mounting;
using DynamoFS.DynamoDb.Tables;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Cli.Commands;

/// <summary>
/// `dynamofs mount URL MOUNTPOINT`: serves the file system at MOUNTPOINT. In the background by
/// default (returns once mounted; logs to a file); --foreground keeps it attached and logs to stderr.
/// </summary>
public static class MountCommand
{
    public static Command Create(CliContext context, ILoggerFactory commandLoggers)
    {
        var url = CommonOptions.Url();
        var endpoint = CommonOptions.Endpoint();
        var mountPoint = new Argument<string>("MOUNTPOINT") { Description = "An existing empty directory" };
        var options = new Option<string[]>("-o")
        {
            Description = $"Mount options, comma-separated: {MountOptionParser.Accepted} (mount(8)'s generic ones like rw,nosuid,_netdev are ignored)",
            HelpName = "opt,...",
            AllowMultipleArgumentsPerToken = false,
        };
        var foreground = new Option<bool>("--foreground", "-f") { Description = "Stay attached and log to stderr; Ctrl+C unmounts" };
        var log = new Option<string?>("--log") { Description = "Log file (default: /var/log/dynamofs/<name>.log as root, else $XDG_STATE_HOME/dynamofs/<name>.log)", HelpName = "FILE" };
        // Set on the re-executed child of a background mount: its stderr already is the log file.
        var backgroundChild = new Option<bool>("--background-child") { Hidden = true };

        var command = new Command("mount",
            "Mount a file system. Runs in the background once mounted; unmount with `dynamofs umount`.\n" +
            "Also works as `mount -t fuse.dynamofs URL DIR` and in /etc/fstab once `make install` ran.\n\n" +
            "Examples:\n" +
            "  dynamofs mount local:demo ./mnt\n" +
            "  dynamofs mount aws:us-east-1/Team /mnt/team -o allow_other,attr_timeout=5\n" +
            "  dynamofs mount Team /mnt/team --endpoint http://localhost:8000 --foreground\n" +
            "  fstab:  aws:us-east-1/Team  /mnt/team  fuse.dynamofs  _netdev,allow_other  0 0")
        {
            url, mountPoint, options, foreground, log, endpoint, backgroundChild,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = CommonOptions.ParseUrl(result, url, endpoint);
            var settings = MountOptionParser.Parse(result.GetValue(options) ?? []);
            var directory = MountPointCheck.Validate(result.GetRequiredValue(mountPoint));
            var logFile = Path.GetFullPath(result.GetValue(log) ?? LogPaths.ForMount(target));

            if (!result.GetValue(foreground))
            {
                var arguments = new List<string> { "mount", target.Text, directory, "--foreground", "--background-child", "--log", logFile };
                if (settings.ToOptionString() is { Length: > 0 } text)
                {
                    arguments.AddRange(["-o", text]);
                }
                if (result.GetValue(endpoint) is { } e)
                {
                    arguments.AddRange(["--endpoint", e]);
                }
                var pid = await BackgroundMount.StartAsync(directory, arguments, logFile, context.ExecutablePath, cancellationToken);
                context.Out.WriteLine($"mounted {target} at {directory} (pid {pid}, log {logFile}); unmount with: dynamofs umount {directory}");
                return 0;
            }

            var child = result.GetValue(backgroundChild);
            using var loggers = CliLogging.Create(child || result.GetValue(log) is not null ? logFile : null, console: !child, warnings: context.Error);
            var logger = loggers.CreateLogger("mount");
            try
            {
                await ServeAsync(context, target, directory, settings, loggers, logger, cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is not CliException)
            {
                // Log with the mount's logger too, so the mount's own log has the details.
                logger.LogError(e, "mount of {Url} at {MountPoint} failed", target, directory);
                throw;
            }
        });
        return command;
    }

    private static async Task ServeAsync(CliContext context, FileSystemUrl target, string directory, MountSettings settings,
        ILoggerFactory loggers, ILogger logger, CancellationToken cancellationToken)
    {
        using var client = await context.Connector.ConnectAsync(target, cancellationToken);
        if (!await new TableManager(client, logger).ExistsAsync(target.Table, cancellationToken))
        {
            throw new CliException($"there is no file system at {target} (no table {target.Table}). Create it: dynamofs format {target}");
        }
        var formatted = await DynamoDbErrors.GuardAsync("GetItem", target.Table,
            () => context.Initializer.IsFormattedAsync(client, target.Table, cancellationToken), cancellationToken);
        if (!formatted)
        {
            throw new CliException($"{target} is not formatted (table {target.Table} has no file system). Format it: dynamofs format {target}");
        }

        logger.LogInformation("Mounting {Url} at {MountPoint} ({Options})", target, directory, settings.ToOptionString());
        await using var mounted = await context.Mounter.MountAsync(new MountRequest(target, client, directory, settings, loggers), cancellationToken);
        using var signals = mounted.UnmountOnSignals();
        // System.CommandLine turns Ctrl+C / SIGTERM into this token; answer it by unmounting.
        await using var onCancel = cancellationToken.Register(() => _ = mounted.UnmountAsync());
        logger.LogInformation("Mounted {Url} at {MountPoint}", target, directory);
        await mounted.Completion;
        logger.LogInformation("Unmounted {MountPoint}", directory);
    }
}
