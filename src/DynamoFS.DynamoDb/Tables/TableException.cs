namespace DynamoFS.DynamoDb.Tables;

/// <summary>
/// A table operation failed for a reason the user can act on. The message is one line, shaped
/// "&lt;problem&gt;. &lt;fix&gt;", ready for `dynamofs: &lt;message&gt;`; the SDK exception stays in
/// <see cref="Exception.InnerException"/> for the log.
/// </summary>
public sealed class TableException : Exception
{
    public TableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
