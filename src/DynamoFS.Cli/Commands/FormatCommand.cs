using System.CommandLine;
using DynamoFS.DynamoDb.Tables;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Cli.Commands;

/// <summary>
/// `dynamofs format URL`: creates the file system's table (on-demand billing) and its root.
/// Safe to re-run: an existing file system with the same settings is left as it is.
/// </summary>
public static class FormatCommand
{
    public static Command Create(CliContext context, ILoggerFactory loggers)
    {
        var url = CommonOptions.Url();
        var endpoint = CommonOptions.Endpoint();
        var blockSize = new Option<string>("--block-size")
        {
            Description = "Data block size, a power of two from 4K to 256K",
            HelpName = "SIZE",
            DefaultValueFactory = _ => BlockSize.Format(BlockSize.Default),
        };
        var force = new Option<bool>("--force")
        {
            Description = "Destroy an existing file system at URL (all its data) and format afresh",
        };
        var command = new Command("format",
            "Create a file system (its DynamoDB table and root directory). Re-running it is harmless.\n\n" +
            "Examples:\n" +
            "  dynamofs format local:demo\n" +
            "  dynamofs format aws:us-east-1/Team --block-size 64K\n" +
            "  dynamofs format Team --endpoint http://localhost:8000\n" +
            "  dynamofs format local:demo --block-size 4K --force    # destroys the old one")
        {
            url, endpoint, blockSize, force,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = CommonOptions.ParseUrl(result, url, endpoint);
            var options = new FormatOptions { BlockSize = ParseBlockSize(result.GetRequiredValue(blockSize)), Force = result.GetValue(force) };

            using var client = await context.Connector.ConnectAsync(target, cancellationToken);
            var formatter = new FileSystemFormatter(client, context.Initializer, loggers.CreateLogger("format"));
            var outcome = await formatter.FormatAsync(target.Table, options, cancellationToken);

            var size = BlockSize.Format(outcome.Format.BlockSize);
            context.Out.WriteLine(outcome.Outcome switch
            {
                FormatOutcome.AlreadyFormatted => $"{target} is already formatted (block size {size}); nothing to do",
                FormatOutcome.Reformatted => $"destroyed and re-formatted {target} (table {target.Table}, block size {size})",
                _ => $"formatted {target} (table {target.Table}, block size {size})",
            });
            return 0;
        });
        return command;
    }

    private static int ParseBlockSize(string text)
    {
        try
        {
            return BlockSize.Parse(text);
        }
        catch (FormatException e)
        {
            throw CliException.Usage(e.Message, e);
        }
    }
}
