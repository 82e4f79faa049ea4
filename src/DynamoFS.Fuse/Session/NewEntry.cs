namespace DynamoFS.Fuse.Session;

/// <summary>
/// The kernel's checks on the entry of a creation (MKNOD, MKDIR, SYMLINK, LINK, CREATE): node id
/// neither 0 nor the root, a valid file type equal to the one requested, a size that fits off_t.
/// An entry failing them is dropped by the kernel without a FORGET, so sending it would leave a
/// lookup count that never returns to 0; the session answers EIO instead.
/// (LOOKUP and READDIRPLUS are exempt: there the kernel sends a FORGET for entries it rejects.)
/// </summary>
internal static class NewEntry
{
    /// <summary>Any valid file type is acceptable (LINK: the type of the existing node).</summary>
    public const uint AnyType = 0;

    /// <summary>No creation checks (LOOKUP; node 0 is a cacheable negative entry).</summary>
    public const uint LookupOnly = uint.MaxValue;

    public static bool IsValid(in FuseEntry entry, uint expectedType)
    {
        if (entry.NodeId is 0 or 1) return false;
        uint type = entry.Attributes.Mode & FileMode.TypeMask;
        if (!IsValidType(type) || entry.Attributes.Size > long.MaxValue) return false;
        return expectedType == AnyType || type == expectedType;
    }

    private static bool IsValidType(uint type) => type is FileMode.Regular or FileMode.Directory or FileMode.Symlink
        or FileMode.Char or FileMode.Block or FileMode.Fifo or FileMode.Socket;
}
