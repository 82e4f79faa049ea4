namespace DynamoFS.DynamoDb.Tables;

/// <summary>
/// The settings an existing file system was formatted with, as its settings item records them.
/// Format compares them with what it is asked for to decide "already formatted" versus "refuse".
/// </summary>
public sealed record FileSystemFormat(int BlockSize);
