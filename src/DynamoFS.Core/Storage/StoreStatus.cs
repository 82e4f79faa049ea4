namespace DynamoFS.Core.Storage;

/// <summary>
/// How a conditional store operation ended. Storage answers with a status, not an exception, for
/// every outcome a caller must handle (the name exists, the inode changed under us...).
/// Transient failures (throttling, 5xx, timeouts) are retried inside the store and only surface
/// as <see cref="StorageUnavailableException"/> after the retry budget is spent.
/// </summary>
public enum StoreStatus
{
    Ok,
    /// <summary>The target name already exists (EEXIST).</summary>
    Exists,
    /// <summary>A name or inode the operation needs is gone (ENOENT).</summary>
    NotFound,
    /// <summary>A version or identity condition failed: re-read and decide again.</summary>
    Conflict,
    /// <summary>The directory is not empty (ENOTEMPTY).</summary>
    NotEmpty,
    /// <summary>The directory is being removed or is gone: no new names may appear in it (ENOENT).</summary>
    DirectoryRemoved,
    /// <summary>The operation would make a directory its own ancestor (EINVAL).</summary>
    WouldCreateCycle,
}

/// <summary>DynamoDB stayed unreachable or throttled beyond the retry budget.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
