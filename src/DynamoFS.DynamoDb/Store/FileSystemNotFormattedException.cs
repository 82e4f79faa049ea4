namespace DynamoFS.DynamoDb.Store;

/// <summary>The table exists but holds no DynamoFS settings item, or the table does not exist.</summary>
public sealed class FileSystemNotFormattedException(string message, Exception? inner = null) : Exception(message, inner);
