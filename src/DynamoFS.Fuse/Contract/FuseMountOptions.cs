namespace DynamoFS.Fuse;

/// <summary>How to mount: the kernel-level options of a FUSE mount.</summary>
public sealed record FuseMountOptions
{
    /// <summary>Shown as the mount's source in /proc/mounts (fsname=).</summary>
    public string FsName { get; init; } = "dynamofs";
    /// <summary>Type suffix: the mount shows as fuse.&lt;Subtype&gt;.</summary>
    public string Subtype { get; init; } = "dynamofs";
    public bool ReadOnly { get; init; }
    /// <summary>Let users other than the mounting one in (non-root needs user_allow_other in /etc/fuse.conf).</summary>
    public bool AllowOther { get; init; }
    /// <summary>Let the kernel check permissions against cached attributes.</summary>
    public bool DefaultPermissions { get; init; }
    /// <summary>Unmount when the process dies, even by SIGKILL (fusermount3 keeps watch).</summary>
    public bool AutoUnmount { get; init; } = true;
    /// <summary>Use fusermount3 even when mount(2) would be allowed (tests both paths).</summary>
    public bool ForceFusermount { get; init; }
    /// <summary>Reader threads blocking on /dev/fuse.</summary>
    public int ReaderThreads { get; init; } = 4;
}
