namespace DynamoFS.Cli.Tests;

/// <summary>Wrong command lines: one line on stderr, exit 2, no stack trace, nothing touched.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData(new[] { "format", "Team" }, "dynamofs: invalid file system URL \"Team\": expected aws:<region>/<table>, local:<name>, or a table with --endpoint URL")]
    [InlineData(new[] { "format", "local:demo", "--block-size", "100K" }, "dynamofs: invalid block size \"100K\": it must be a power of two from 4K to 256K (e.g. --block-size 64K)")]
    [InlineData(new[] { "format" }, "dynamofs: Required argument missing for command: 'format'. Run `dynamofs format --help` for usage")]
    [InlineData(new[] { "frob" }, "dynamofs: Unrecognized command or argument 'frob'. Run `dynamofs --help` for usage")]
    [InlineData(new[] { "mount", "local:demo", "/tmp", "-o", "bogus" }, "dynamofs: unknown mount option \"bogus\": accepted are ro, allow_other, default_permissions, attr_timeout=SECONDS, entry_timeout=SECONDS, negative_timeout=SECONDS")]
    [InlineData(new[] { "mount", "local:demo", "/tmp", "-o", "attr_timeout=x" }, "dynamofs: invalid value \"x\" for mount option attr_timeout: expected seconds, e.g. attr_timeout=1.5")]
    public async Task Are_one_line_with_exit_code_2(string[] args, string message)
    {
        var (exitCode, output, error) = await new CliRunner().RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal(message + "\n", error);
    }

    [Fact]
    public async Task A_missing_mount_point_names_the_fix()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"dynamofs-nomnt-{Guid.NewGuid():N}");

        var (exitCode, _, error) = await new CliRunner().RunAsync("mount", "local:demo", missing);

        Assert.Equal(1, exitCode);
        Assert.Equal($"dynamofs: mount point {missing} does not exist. Create it: mkdir -p {missing}\n", error);
    }

    [Fact]
    public async Task A_non_empty_mount_point_is_refused()
    {
        var directory = Directory.CreateTempSubdirectory("dynamofs-full-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "file"), "x");

            var (exitCode, _, error) = await new CliRunner().RunAsync("mount", "local:demo", directory);

            Assert.Equal(1, exitCode);
            Assert.Equal($"dynamofs: mount point {directory} is not empty. Use an empty directory (its files would be hidden by the mount)\n", error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Unmounting_what_is_not_mounted_says_not_mounted()
    {
        var directory = Directory.CreateTempSubdirectory("dynamofs-um-").FullName;
        try
        {
            var (exitCode, _, error) = await new CliRunner().RunAsync("umount", directory);

            Assert.Equal(1, exitCode);
            Assert.Equal($"dynamofs: not mounted: {directory} is not a mount point. Nothing to unmount (see `findmnt -t fuse.dynamofs`)\n", error);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }
}
