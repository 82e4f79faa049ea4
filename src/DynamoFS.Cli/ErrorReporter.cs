using DynamoFS.DynamoDb.Local;
using DynamoFS.DynamoDb.Tables;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Cli;

/// <summary>
/// The top of every command: turns any exception into `dynamofs: &lt;problem&gt;. &lt;fix&gt;` on stderr
/// and an exit code, and puts the details (stack, tool output) in the log, never on screen.
/// </summary>
public static class ErrorReporter
{
    public const int Interrupted = 130;

    public static int Report(Exception error, TextWriter stderr, ILogger logger, string? logFile)
    {
        var (message, exitCode) = Describe(error, logFile);
        logger.LogError(error, "{Message}", message);
        if (error is DynamoDbLocalException { Details: { Length: > 0 } details })
        {
            logger.LogError("DynamoDB Local output:\n{Details}", details);
        }
        stderr.WriteLine(Line(message));
        return exitCode;
    }

    public static (string Message, int ExitCode) Describe(Exception error, string? logFile) => error switch
    {
        CliException e => (e.Message, e.ExitCode),
        TableException e => (e.Message, CliException.Failure),
        DynamoDbLocalException e => (e.Message + (logFile is null ? "" : $" (details in {logFile})"), CliException.Failure),
        NotImplementedException { Message: "wired in integration" } =>
            ("this build has no file system layer yet (wired in integration). Build from the integrated branch", CliException.Failure),
        OperationCanceledException => ("interrupted", Interrupted),
        _ when DynamoDbErrors.Explain(error, "a request", "(unknown)") is { } explained => (explained.Message, CliException.Failure),
        _ => ($"unexpected error: {error.GetType().Name}: {error.Message}. This is a bug; the details are in {logFile ?? "the log"}", CliException.Failure),
    };

    /// <summary>"dynamofs: " + the message on one line (multi-line service texts are folded).</summary>
    public static string Line(string message) =>
        "dynamofs: " + string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
