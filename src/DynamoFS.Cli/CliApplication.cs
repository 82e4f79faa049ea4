using System.CommandLine;
using DynamoFS.Cli.Commands;
using DynamoFS.Cli.Logging;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Cli;

/// <summary>
/// The `dynamofs` command tree and its one rule for failures: every error is one line on stderr,
/// `dynamofs: &lt;problem&gt;. &lt;fix&gt;`, exit 2 for a wrong command line and 1 for a failed command;
/// the details go to the log file.
/// </summary>
public static class CliApplication
{
    public static RootCommand BuildRoot(CliContext context, ILoggerFactory loggers)
    {
        var root = new RootCommand(
            "DynamoFS: a POSIX file system stored in Amazon DynamoDB, shared by every machine that mounts it.\n\n" +
            "File systems are named by URL:\n" +
            "  aws:<region>/<table>           DynamoDB in your AWS account (standard AWS credentials)\n" +
            "  local:<name>                   DynamoDB Local on this machine, started for you\n" +
            "  <table> --endpoint URL         any DynamoDB-compatible endpoint\n\n" +
            "Try it:  dynamofs format local:demo && dynamofs mount local:demo ./mnt");
        root.Subcommands.Add(FormatCommand.Create(context, loggers));
        root.Subcommands.Add(MountCommand.Create(context, loggers));
        root.Subcommands.Add(UmountCommand.Create(context));
        root.Subcommands.Add(LocalCommand.Create(context));
        root.Subcommands.Add(DestroyCommand.Create(context, loggers));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        // A foreground mount logs to its own file (set up by the mount command); the rest to the command log.
        using var loggers = CliLogging.Create(context.CommandLogFile, console: true, warnings: context.Error);
        var logger = loggers.CreateLogger(CliLogging.ErrorsCategory);
        try
        {
            var root = BuildRoot(context, loggers);
            // Bare `dynamofs` (or `dynamofs local`) shows help rather than "required command".
            var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
            if (parsed.Errors.Count > 0)
            {
                var command = parsed.CommandResult.Command;
                var path = command is RootCommand ? "dynamofs" : $"dynamofs {command.Name}";
                // "Unrecognized command or argument 'frob'" says more than the "Required command" that comes with it.
                var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
                context.Error.WriteLine(ErrorReporter.Line($"{error.Message.TrimEnd('.')}. Run `{path} --help` for usage"));
                return CliException.UsageError;
            }
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                // Our own handler below keeps stack traces off the screen.
                EnableDefaultExceptionHandler = false,
                // Ctrl+C cancels the command's token; a mount needs time to unmount cleanly.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, context.Error, logger, context.CommandLogFile);
        }
    }
}
