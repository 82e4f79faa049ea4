namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// DynamoDB Local could not be installed, started or reached. The message is one line that names
/// the problem and the fix, fit to show a user as is; details (process output) go in
/// <see cref="Details"/> for the log file.
/// </summary>
public sealed class DynamoDbLocalException : Exception
{
    public DynamoDbLocalException(string message, string? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Details = details;
    }

    /// <summary>Multi-line diagnostics (the emulator's output, a tool's stderr), or null.</summary>
    public string? Details { get; }
}
