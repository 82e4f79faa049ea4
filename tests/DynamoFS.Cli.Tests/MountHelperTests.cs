namespace DynamoFS.Cli.Tests;

/// <summary>How mount(8) calls /sbin/mount.fuse.dynamofs, and what we make of it.</summary>
public sealed class MountHelperTests
{
    [Theory]
    [InlineData(new[] { "aws:us-east-1/Team", "/mnt/team" }, new[] { "mount", "aws:us-east-1/Team", "/mnt/team" })]
    [InlineData(new[] { "local:demo", "/mnt", "-o", "rw,allow_other" }, new[] { "mount", "local:demo", "/mnt", "-o", "rw,allow_other" })]
    [InlineData(new[] { "local:demo", "/mnt", "-n", "-s", "-o", "ro", "-t", "fuse.dynamofs" }, new[] { "mount", "local:demo", "/mnt", "-o", "ro" })]
    [InlineData(new[] { "local:demo", "/mnt", "-oro" }, new[] { "mount", "local:demo", "/mnt", "-o", "ro" })]
    public void Translates_to_the_mount_command(string[] args, string[] expected) =>
        Assert.Equal(expected, MountHelper.TranslateArguments(args));

    [Theory]
    [InlineData("mount.fuse.dynamofs", true)]
    [InlineData("mount.fuse.dynamo", true)]
    [InlineData("dynamofs", false)]
    public void Recognises_the_helper_names(string name, bool expected) => Assert.Equal(expected, MountHelper.IsMountHelperName(name));
}
