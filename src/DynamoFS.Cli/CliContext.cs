using DynamoFS.Cli.Mounting;
using DynamoFS.DynamoDb.Local;
using DynamoFS.DynamoDb.Tables;

namespace DynamoFS.Cli;

/// <summary>
/// What commands work with, injected so tests can capture output and substitute the parts that
/// live in other layers (the store's initializer, the mounter) or on the machine (the managed
/// DynamoDB Local's data directory, the log directory).
/// </summary>
public sealed record CliContext
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required IFileSystemInitializer Initializer { get; init; }
    public required IFileSystemMounter Mounter { get; init; }
    public required ManagedDynamoDbLocal Local { get; init; }

    /// <summary>Where non-mount commands log details; null disables the file (tests).</summary>
    public string? CommandLogFile { get; init; }

    /// <summary>The `dynamofs` executable, re-run to mount in the background.</summary>
    public string? ExecutablePath { get; init; } = Environment.ProcessPath;

    public DynamoDbConnector Connector => new(Local, Error);

    /// <summary>The real thing: console, the wiring in Wiring/, the user's managed DynamoDB Local.</summary>
    public static CliContext Default => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        Initializer = Wiring.Integration.Initializer,
        Mounter = Wiring.Integration.Mounter,
        Local = new ManagedDynamoDbLocal(),
        CommandLogFile = Logging.LogPaths.ForCommands,
    };
}
