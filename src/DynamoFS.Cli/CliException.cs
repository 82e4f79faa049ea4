namespace DynamoFS.Cli;

/// <summary>
/// A failure to show the user as one line, `dynamofs: &lt;problem&gt;. &lt;fix&gt;`, with its exit code:
/// <see cref="UsageError"/> (2) when the command line is wrong, <see cref="Failure"/> (1) when the
/// command was right but could not be done.
/// </summary>
public sealed class CliException : Exception
{
    public const int Failure = 1;
    public const int UsageError = 2;

    public CliException(string message, int exitCode = Failure, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    public static CliException Usage(string message, Exception? inner = null) => new(message, UsageError, inner);
}
