namespace DynamoFS.TestSupport;

/// <summary>
/// Table names no other test uses, so tests share one DynamoDB Local and still run in parallel
/// without seeing each other's items. Names keep to DynamoDB's rules: [A-Za-z0-9_.-], 3..255 chars.
/// </summary>
public static class TestTables
{
    private static int _counter;

    /// <summary>E.g. "format-3f9c2a1b-7": the prefix says which test made it when you look at a leftover.</summary>
    public static string UniqueName(string prefix = "test")
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        return $"{prefix}-{id}-{Interlocked.Increment(ref _counter)}";
    }
}
