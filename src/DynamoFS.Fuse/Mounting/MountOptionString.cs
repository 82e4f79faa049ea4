using System.Globalization;
using System.Text;

namespace DynamoFS.Fuse.Mounting;

/// <summary>
/// The option strings of the two mount paths. mount(2) accepts only the kernel's own keys
/// (fd, rootmode, user_id, group_id, default_permissions, allow_other, max_read, blksize);
/// fusermount3 accepts its own set and refuses unknown options.
/// </summary>
internal static class MountOptionString
{
    /// <summary>S_IFDIR in octal, as rootmode wants it: the mount point is always a directory.</summary>
    private const string DirectoryRootMode = "40000";

    public static string ForKernel(int fd, uint uid, uint gid, FuseMountOptions options)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"fd={fd},rootmode={DirectoryRootMode},user_id={uid},group_id={gid}");
        if (options.AllowOther) sb.Append(",allow_other");
        if (options.DefaultPermissions) sb.Append(",default_permissions");
        return sb.ToString();
    }

    public static string ForFusermount(FuseMountOptions options)
    {
        var parts = new List<string>
        {
            "fsname=" + Escape(options.FsName),
            "subtype=" + Escape(options.Subtype),
        };
        if (options.AutoUnmount) parts.Add("auto_unmount");
        if (options.AllowOther) parts.Add("allow_other");
        if (options.DefaultPermissions) parts.Add("default_permissions");
        parts.Add(options.ReadOnly ? "ro" : "rw");
        parts.Add("nosuid");
        parts.Add("nodev");
        return string.Join(',', parts);
    }

    /// <summary>fusermount3 splits on ',' and treats '\' as an escape.</summary>
    public static string Escape(string value) => value.Replace("\\", "\\\\").Replace(",", "\\,");

    /// <summary>The mount(2) flags: never setuid or device files from a FUSE mount.</summary>
    public static ulong KernelFlags(FuseMountOptions options) =>
        Native.Libc.MS_NOSUID | Native.Libc.MS_NODEV | (options.ReadOnly ? Native.Libc.MS_RDONLY : 0);
}
