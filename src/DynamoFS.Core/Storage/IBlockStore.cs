namespace DynamoFS.Core.Storage;

/// <summary>
/// File data in fixed-size blocks (<see cref="FileSystemSettings.BlockSize"/>). A block that was
/// never written is a hole: it reads as zeros and costs nothing. Blocks are spread over many
/// partition keys; calls for many blocks run in parallel inside the store.
/// </summary>
public interface IBlockStore
{
    /// <summary>
    /// Reads blocks; the result maps each index that exists to its stored bytes (possibly shorter
    /// than a block: the rest is zeros). Absent indices are holes.
    /// </summary>
    ValueTask<IReadOnlyDictionary<ulong, byte[]>> ReadBlocksAsync(ulong inode, IReadOnlyCollection<ulong> indices, CancellationToken ct);

    /// <summary>Writes whole blocks (each at most one block long; trailing zeros may be trimmed by the store). Durable when the task completes.</summary>
    ValueTask WriteBlocksAsync(ulong inode, IReadOnlyDictionary<ulong, ReadOnlyMemory<byte>> blocks, CancellationToken ct);

    /// <summary>Deletes blocks with index in [first, last] (holes are fine).</summary>
    ValueTask DeleteBlocksAsync(ulong inode, ulong first, ulong last, CancellationToken ct);

    /// <summary>Which of the indices in [first, last] exist (for SEEK_DATA / SEEK_HOLE and st_blocks repair).</summary>
    ValueTask<IReadOnlyList<ulong>> ListBlocksAsync(ulong inode, ulong first, ulong last, CancellationToken ct);
}
