using Microsoft.Extensions.Logging;

namespace DynamoFS.Cli.Logging;

/// <summary>
/// The logger factory of one CLI run: warnings and errors to stderr when a person is watching
/// (more with DYNAMOFS_LOG=debug|info), everything from Information up to the log file, so a
/// one-line error on screen always has its details somewhere.
/// </summary>
public static class CliLogging
{
    public const string LevelVariable = "DYNAMOFS_LOG";

    /// <summary>Category for failures already shown as one line: their details belong in the file only.</summary>
    public const string ErrorsCategory = "DynamoFS.Cli.Errors";

    /// <param name="logFile">Null: no file (tests). Otherwise created if missing; failure to open it falls back to stderr only.</param>
    /// <param name="console">Log to stderr too (foreground runs).</param>
    public static ILoggerFactory Create(string? logFile, bool console, TextWriter? warnings = null)
    {
        var chosen = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable(LevelVariable), ignoreCase: true, out var parsed);
        var level = chosen ? parsed : LogLevel.Information;
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            if (console)
            {
                // Everything to stderr: stdout carries only the command's own results.
                builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                builder.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                });
                // Console gets warnings by default: format's progress belongs in its own output lines.
                builder.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, chosen ? level : LogLevel.Warning);
                builder.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(ErrorsCategory, LogLevel.None);
            }
            if (logFile is not null)
            {
                try
                {
                    builder.AddProvider(new FileLoggerProvider(logFile, level));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    warnings?.WriteLine($"dynamofs: cannot write the log file {logFile} ({e.Message}); logging to stderr only");
                }
            }
        });
    }
}
