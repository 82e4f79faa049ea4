namespace DynamoFS.DynamoDb.Tables;

/// <summary>What `dynamofs format` was asked for.</summary>
public sealed record FormatOptions
{
    /// <summary>Bytes per data block, a power of two in [<see cref="Tables.BlockSize.Min"/>, <see cref="Tables.BlockSize.Max"/>].</summary>
    public int BlockSize { get; init; } = Tables.BlockSize.Default;

    /// <summary>Destroy an existing file system (its table and every item) and format afresh.</summary>
    public bool Force { get; init; }
}
