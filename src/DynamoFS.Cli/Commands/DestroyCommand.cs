using System.CommandLine;
using DynamoFS.Cli.Mounting;
using DynamoFS.DynamoDb.Tables;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Cli.Commands;

/// <summary>`dynamofs destroy URL --yes`: deletes the file system's table and every file in it.</summary>
public static class DestroyCommand
{
    public static Command Create(CliContext context, ILoggerFactory loggers)
    {
        var url = CommonOptions.Url();
        var endpoint = CommonOptions.Endpoint();
        var yes = new Option<bool>("--yes") { Description = "Confirm: delete the table and all its data, irrecoverably" };
        var command = new Command("destroy",
            "Delete a file system: its DynamoDB table and every file in it. Unmount it everywhere first.\n\n" +
            "Examples:\n" +
            "  dynamofs destroy local:demo --yes\n" +
            "  dynamofs destroy aws:us-east-1/Team --yes")
        {
            url, endpoint, yes,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = CommonOptions.ParseUrl(result, url, endpoint);
            if (!result.GetValue(yes))
            {
                throw CliException.Usage($"refusing to destroy {target} without --yes. Add --yes to delete table {target.Table} and all its files");
            }
            if (MountTable.Read().FirstOrDefault(m => m.IsDynamoFs && m.Source == target.Text) is { } mounted)
            {
                throw new CliException($"{target} is mounted at {mounted.MountPoint} on this machine. Unmount it first: dynamofs umount {mounted.MountPoint}");
            }

            using var client = await context.Connector.ConnectAsync(target, cancellationToken);
            var tables = new TableManager(client, loggers.CreateLogger("destroy"));
            if (!await tables.DeleteAsync(target.Table, cancellationToken: cancellationToken))
            {
                throw new CliException($"there is no file system at {target} (no table {target.Table}). Check the URL");
            }
            context.Out.WriteLine($"destroyed {target} (table {target.Table} deleted)");
            return 0;
        });
        return command;
    }
}
