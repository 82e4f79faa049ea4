namespace DynamoFS.Core.Storage;

/// <summary>
/// File-system metadata in durable shared storage: one primitive per file-system operation,
/// each atomic (all of it happens or none), each guarded by conditions on exactly the facts the
/// caller decided on. Core decides *what* changes (new attributes, link counts, times); the
/// store makes the change atomic and tells whether the facts still held.
///
/// Reads are strongly consistent. Callers pass the records they read (with their versions);
/// a <see cref="StoreStatus.Conflict"/> means "something changed since: re-read and decide again".
/// </summary>
public interface IMetadataStore
{
    /// <summary>Format parameters (block size, inline limit) read when the store was opened.</summary>
    FileSystemSettings Settings { get; }

    ValueTask<InodeRecord?> GetInodeAsync(ulong inode, CancellationToken ct);

    /// <summary>Batched read of many inodes (readdirplus); missing ids are absent from the result.</summary>
    ValueTask<IReadOnlyDictionary<ulong, InodeRecord>> GetInodesAsync(IReadOnlyCollection<ulong> inodes, CancellationToken ct);

    ValueTask<DirectoryEntry?> GetEntryAsync(ulong directory, byte[] name, CancellationToken ct);

    /// <summary>Entries with cookie greater than <paramref name="afterCookie"/>, in cookie order, at most <paramref name="limit"/>.</summary>
    ValueTask<DirectoryPage> ListEntriesAsync(ulong directory, ulong afterCookie, int limit, CancellationToken ct);

    /// <summary>The stable readdir cookie of a name (never 0, 1 or 2).</summary>
    ulong CookieOf(ReadOnlySpan<byte> name);

    /// <summary>A fresh inode id, unique across all clients (leased in batches).</summary>
    ValueTask<ulong> NewInodeIdAsync(CancellationToken ct);

    /// <summary>
    /// Creates <paramref name="inode"/> and the entry <paramref name="name"/> → it in
    /// <paramref name="directory"/>. For a new directory the parent's link count goes up by one
    /// in the same transaction. Exists when the name is taken; DirectoryRemoved when the
    /// directory is gone or being removed (then nothing was created).
    /// </summary>
    ValueTask<StoreStatus> CreateAsync(ulong directory, byte[] name, InodeRecord inode, CancellationToken ct);

    /// <summary>
    /// Adds the entry <paramref name="name"/> → <paramref name="updated"/>.Id and stores
    /// <paramref name="updated"/> (link count + 1, new ctime), conditioned on the inode still
    /// being at version updated.Version - 1.
    /// </summary>
    ValueTask<StoreStatus> LinkAsync(ulong directory, byte[] name, InodeRecord updated, CancellationToken ct);

    /// <summary>
    /// Removes the entry <paramref name="name"/> (which must still point to victim.Id) and
    /// stores <paramref name="updatedVictim"/> (version condition as above), or deletes the inode
    /// and schedules its data for reclaiming when <paramref name="updatedVictim"/> is null.
    /// For a directory victim this is rmdir: NotEmpty when it has entries (the guard protocol in
    /// docs/DESIGN.md), and the parent's link count goes down by one.
    /// </summary>
    ValueTask<StoreStatus> RemoveAsync(ulong directory, byte[] name, InodeRecord victim, InodeRecord? updatedVictim, CancellationToken ct);

    /// <summary>Rename, with RENAME_NOREPLACE / RENAME_EXCHANGE, as one transaction (see <see cref="RenamePlan"/>).</summary>
    ValueTask<StoreStatus> RenameAsync(RenamePlan plan, CancellationToken ct);

    /// <summary>Stores <paramref name="updated"/> if the stored inode is at version updated.Version - 1.</summary>
    ValueTask<StoreStatus> UpdateInodeAsync(InodeRecord updated, CancellationToken ct);

    /// <summary>Deletes an inode whose link count is already 0 (last close of an unlinked file) and schedules its data.</summary>
    ValueTask<StoreStatus> DeleteInodeAsync(InodeRecord inode, CancellationToken ct);

    /// <summary>Advances a directory's mtime and ctime to <paramref name="timeNs"/> if they are older (coalesced, not transactional).</summary>
    ValueTask TouchDirectoryAsync(ulong directory, long timeNs, CancellationToken ct);

    ValueTask<byte[]?> GetXattrAsync(ulong inode, byte[] name, CancellationToken ct);
    ValueTask<IReadOnlyList<byte[]>> ListXattrsAsync(ulong inode, CancellationToken ct);
    /// <param name="flags">XATTR_CREATE 1 → Exists if present; XATTR_REPLACE 2 → NotFound if absent.</param>
    ValueTask<StoreStatus> SetXattrAsync(ulong inode, byte[] name, ReadOnlyMemory<byte> value, int flags, CancellationToken ct);
    ValueTask<StoreStatus> RemoveXattrAsync(ulong inode, byte[] name, CancellationToken ct);

    /// <summary>Approximate usage for statfs (bytes stored, inodes in use).</summary>
    ValueTask<(ulong Bytes, ulong Inodes)> GetUsageAsync(CancellationToken ct);
}

/// <summary>The format parameters of a file system.</summary>
public sealed record FileSystemSettings(int BlockSize, int InlineLimit, int FormatVersion);

/// <summary>
/// Everything a rename decided, for one atomic transaction. Core fills in the records it read
/// (their versions are the conditions) and the updated records it wants stored.
/// </summary>
public sealed record RenamePlan
{
    public required ulong SourceDirectory { get; init; }
    public required byte[] SourceName { get; init; }
    public required ulong TargetDirectory { get; init; }
    public required byte[] TargetName { get; init; }
    /// <summary>The inode being moved, as read (version condition) ...</summary>
    public required InodeRecord Moved { get; init; }
    /// <summary>... and as it should be stored (new ctime; new parent for a directory).</summary>
    public required InodeRecord MovedUpdated { get; init; }
    /// <summary>The inode the target name points to now, if any (replaced, or exchanged).</summary>
    public InodeRecord? Target { get; init; }
    /// <summary>The target as it should be stored (exchange: new parent/ctime; replace: link count - 1), or null to delete it (last link).</summary>
    public InodeRecord? TargetUpdated { get; init; }
    public bool NoReplace { get; init; }
    public bool Exchange { get; init; }
    /// <summary>Directories from the target directory up to the root, as read, for the cycle condition (directory moves across directories only).</summary>
    public IReadOnlyList<InodeRecord> TargetAncestors { get; init; } = [];
}
