namespace DynamoFS.Fuse;

/// <summary>
/// Kernel cache notifications the file system may send at any time (not from inside a request
/// on the same directory, and not while holding its own locks: the kernel may call back).
/// Each returns 0 or a positive errno (ENOENT means "not cached", which is fine).
/// </summary>
public interface IFuseNotifier
{
    /// <summary>Drops cached attributes (offset &lt; 0) or data pages in [offset, offset+length) of a node.</summary>
    int InvalidateInode(ulong nodeId, long offset, long length);

    /// <summary>Drops the cached name <paramref name="name"/> in directory <paramref name="parent"/>.</summary>
    int InvalidateEntry(ulong parent, ReadOnlySpan<byte> name);

    /// <summary>Tells the kernel that <paramref name="name"/> in <paramref name="parent"/> (node <paramref name="child"/>) was deleted.</summary>
    int Delete(ulong parent, ulong child, ReadOnlySpan<byte> name);
}
