namespace DynamoFS.Fuse;

/// <summary>
/// The reply buffer of one READDIR or READDIRPLUS request. The file system adds entries from the
/// position the kernel asked for until <c>TryAdd</c> reports that the buffer is full; an entry
/// that does not fit is not sent and must be offered again at the next request.
/// Each entry carries the cookie of the position <i>after</i> it (never 0): the kernel resumes
/// from any cookie it was given, so cookies must stay valid while the directory changes.
/// </summary>
public abstract class DirectoryListing
{
    /// <summary>True for READDIRPLUS: add entries with <see cref="TryAddPlus"/> so they carry attributes.</summary>
    public abstract bool IsPlus { get; }

    /// <summary>Adds a plain entry (READDIR). Returns false when it does not fit.</summary>
    public abstract bool TryAdd(ReadOnlySpan<byte> name, ulong inode, uint mode, ulong nextCookie);

    /// <summary>
    /// Adds an entry with its attributes (READDIRPLUS). Returns false when it does not fit. An
    /// entry with a nonzero node id (other than "." and "..") counts one lookup of that node.
    /// </summary>
    public abstract bool TryAddPlus(ReadOnlySpan<byte> name, in FuseEntry entry, ulong nextCookie);
}
