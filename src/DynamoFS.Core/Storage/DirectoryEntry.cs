namespace DynamoFS.Core.Storage;

/// <summary>
/// A name in a directory. <see cref="Cookie"/> is the stable readdir position of this name: a
/// 63-bit hash of the name, so it never changes while the directory changes and listing in
/// cookie order resumes exactly after any name (see docs/DESIGN.md, "Directory entries").
/// </summary>
public sealed record DirectoryEntry(byte[] Name, ulong Inode, uint Type, ulong Cookie);

/// <summary>One page of a directory listing, in cookie order.</summary>
public sealed record DirectoryPage(IReadOnlyList<DirectoryEntry> Entries, bool HasMore);
