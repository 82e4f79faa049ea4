using Amazon.DynamoDBv2;

namespace DynamoFS.DynamoDb.Tables;

/// <summary>
/// Writes and reads what makes an empty table a file system: the settings item and the root
/// directory inode. Implemented by the store (it owns the item layout); format only creates the
/// table and calls this, so the key schema of items stays defined in one place.
/// </summary>
public interface IFileSystemInitializer
{
    /// <summary>
    /// Writes the settings item and the root inode into <paramref name="table"/> (ACTIVE, with
    /// pk/sk string keys). Called on an empty table, or on one where an earlier format was
    /// interrupted before the settings item was written; must then overwrite or tolerate leftovers.
    /// The settings item should be written last (or in one transaction with the root) so that
    /// <see cref="ReadFormatAsync"/> returning non-null means "completely formatted".
    /// </summary>
    Task InitializeAsync(IAmazonDynamoDB client, string table, FormatOptions options, CancellationToken cancellationToken);

    /// <summary>The settings of the file system in <paramref name="table"/>, or null when it holds none (not formatted).</summary>
    Task<FileSystemFormat?> ReadFormatAsync(IAmazonDynamoDB client, string table, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="table"/> holds a formatted file system.</summary>
    async Task<bool> IsFormattedAsync(IAmazonDynamoDB client, string table, CancellationToken cancellationToken) =>
        await ReadFormatAsync(client, table, cancellationToken).ConfigureAwait(false) is not null;
}
