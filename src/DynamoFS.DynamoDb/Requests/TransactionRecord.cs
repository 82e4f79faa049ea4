namespace DynamoFS.DynamoDb.Requests;

/// <summary>
/// The items one TransactWriteItems named ("pk|sk" and the action), as seen by the
/// <see cref="DynamoTable.TransactionObserver"/> hook. On DynamoDB every transaction naming an
/// item conflicts with every other in-flight transaction naming it, and DynamoDB Local serializes
/// requests so it never shows those conflicts: tests prove the absence of contention from these keys.
/// </summary>
public sealed record TransactionRecord(string? Operation, IReadOnlyList<(string Key, string Action)> Items)
{
    public IEnumerable<string> Keys => Items.Select(i => i.Key);
}
