using DynamoFS.Fuse;

namespace DynamoFS.Core;

/// <summary>Limits on names and link targets, as Linux file systems report them.</summary>
internal static class NameRules
{
    /// <summary>NAME_MAX: the longest name in bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>PATH_MAX: the longest symlink target, including the terminating NUL the kernel counts.</summary>
    public const int MaxSymlinkBytes = 4095;

    /// <summary>Hard links per inode (ext4's EXT4_LINK_MAX); beyond it link(2) answers EMLINK.</summary>
    public const uint MaxLinks = 65000;

    /// <summary>0, or ENAMETOOLONG / EINVAL for a name no directory may hold.</summary>
    public static int Validate(FuseName name)
    {
        if (name.Length == 0) return Errno.ENOENT;
        if (name.Length > MaxNameBytes) return Errno.ENAMETOOLONG;
        if (name.Span.IndexOfAny((byte)'/', (byte)0) >= 0) return Errno.EINVAL;
        return 0;
    }

    /// <summary>Validate, and also refuse "." and ".." as names to create, remove or rename.</summary>
    public static int ValidateForChange(FuseName name, int dotErrno)
    {
        int e = Validate(name);
        if (e != 0) return e;
        return name.IsDot || name.IsDotDot ? dotErrno : 0;
    }
}
