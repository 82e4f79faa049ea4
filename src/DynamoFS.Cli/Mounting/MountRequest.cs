using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Cli.Mounting;

/// <summary>Everything a mounter needs: a connected client on a formatted table, where, and how.</summary>
/// <param name="Client">Owned by the caller; valid until the mount's Completion.</param>
/// <param name="MountPoint">Absolute path of an existing empty directory.</param>
public sealed record MountRequest(
    FileSystemUrl Url,
    IAmazonDynamoDB Client,
    string MountPoint,
    MountSettings Settings,
    ILoggerFactory LoggerFactory)
{
    /// <summary>The FUSE mount options these settings translate to (fsname shows the URL in /proc/mounts).</summary>
    public Fuse.FuseMountOptions FuseOptions => new()
    {
        FsName = Url.Text,
        Subtype = "dynamofs",
        ReadOnly = Settings.ReadOnly,
        AllowOther = Settings.AllowOther,
        DefaultPermissions = Settings.DefaultPermissions,
    };
}
