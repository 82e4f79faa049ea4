using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Protocol.Requests;

// Requests that carry names. Each parser takes the body (bytes after fuse_in_header, limited to
// its len) and fails on anything short, unterminated or oversized; the session answers EINVAL.

/// <summary>LOOKUP, UNLINK, RMDIR, REMOVEXATTR: a single NUL-terminated name.</summary>
internal readonly record struct NameRequest(FuseName Name)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out NameRequest request)
    {
        var r = new RequestReader(body);
        bool ok = r.TryReadName(out var name);
        request = new NameRequest(name);
        return ok;
    }
}

/// <summary>SYMLINK: link name, then the target, both NUL-terminated.</summary>
internal readonly record struct SymlinkRequest(FuseName Name, byte[] Target)
{
    /// <summary>PATH_MAX including the NUL.</summary>
    public const int TargetMax = 4095;

    public static bool TryParse(ReadOnlySpan<byte> body, out SymlinkRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryReadName(out var name)) return false;
        if (!r.TryReadCString(TargetMax, out var target) || target.Length == 0) return false;
        request = new SymlinkRequest(name, target.ToArray());
        return true;
    }
}

/// <summary>MKNOD: fuse_mknod_in + name.</summary>
internal readonly record struct MknodRequest(uint Mode, uint Rdev, uint Umask, FuseName Name)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out MknodRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseMknodIn arg) || !r.TryReadName(out var name)) return false;
        request = new MknodRequest(arg.Mode, arg.Rdev, arg.Umask, name);
        return true;
    }
}

/// <summary>MKDIR: fuse_mkdir_in + name. The mode lacks S_IFDIR.</summary>
internal readonly record struct MkdirRequest(uint Mode, uint Umask, FuseName Name)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out MkdirRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseMkdirIn arg) || !r.TryReadName(out var name)) return false;
        request = new MkdirRequest(arg.Mode, arg.Umask, name);
        return true;
    }
}

/// <summary>CREATE: fuse_create_in + name.</summary>
internal readonly record struct CreateRequest(uint Flags, uint Mode, uint Umask, uint OpenFlags, FuseName Name)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out CreateRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseCreateIn arg) || !r.TryReadName(out var name)) return false;
        request = new CreateRequest(arg.Flags, arg.Mode, arg.Umask, arg.OpenFlags, name);
        return true;
    }
}

/// <summary>LINK: fuse_link_in + new name (the header's nodeid is the new parent).</summary>
internal readonly record struct LinkRequest(ulong OldNodeId, FuseName NewName)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out LinkRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseLinkIn arg) || !r.TryReadName(out var name)) return false;
        if (arg.OldNodeId == 0) return false;
        request = new LinkRequest(arg.OldNodeId, name);
        return true;
    }
}

/// <summary>RENAME (fuse_rename_in) and RENAME2 (fuse_rename2_in), then old and new names.</summary>
internal readonly record struct RenameRequest(ulong NewDir, FuseRenameFlags Flags, FuseName OldName, FuseName NewName)
{
    public static bool TryParse(ReadOnlySpan<byte> body, bool rename2, out RenameRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        ulong newDir;
        uint flags = 0;
        if (rename2)
        {
            if (!r.TryRead(out FuseRename2In arg)) return false;
            newDir = arg.NewDir;
            flags = arg.Flags;
        }
        else
        {
            if (!r.TryRead(out FuseRenameIn arg)) return false;
            newDir = arg.NewDir;
        }
        if (newDir == 0 || !r.TryReadName(out var oldName) || !r.TryReadName(out var newName)) return false;
        request = new RenameRequest(newDir, (FuseRenameFlags)flags, oldName, newName);
        return true;
    }
}
