using DynamoFS.Cli.Mounting;

namespace DynamoFS.Cli.Tests;

public sealed class MountTableTests
{
    [Fact]
    public void Parses_a_fuse_line_with_optional_fields_and_escapes()
    {
        var entry = MountTable.Parse(@"612 28 0:61 / /tmp/my\040mnt rw,nosuid,nodev,relatime shared:340 master:1 - fuse.dynamofs local:demo rw,user_id=0,group_id=0");

        Assert.Equal(new MountEntry("/tmp/my mnt", "fuse.dynamofs", "local:demo"), entry);
        Assert.True(entry!.IsDynamoFs);
    }

    [Fact]
    public void Finds_the_root_mount_of_this_process() =>
        Assert.Contains(MountTable.Read(), m => m.MountPoint == "/");
}
