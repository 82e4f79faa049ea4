using DynamoFS.Cli.Mounting;

namespace DynamoFS.Cli.Tests;

public sealed class MountOptionParserTests
{
    [Fact]
    public void Parses_flags_and_timeouts_across_several_lists()
    {
        var settings = MountOptionParser.Parse(["ro,allow_other", "default_permissions,attr_timeout=1.5,entry_timeout=0,negative_timeout=2"]);

        Assert.Equal(new MountSettings
        {
            ReadOnly = true,
            AllowOther = true,
            DefaultPermissions = true,
            AttributeTimeout = TimeSpan.FromSeconds(1.5),
            EntryTimeout = TimeSpan.Zero,
            NegativeTimeout = TimeSpan.FromSeconds(2),
        }, settings);
        Assert.Equal("ro,allow_other,default_permissions,attr_timeout=1.5,entry_timeout=0,negative_timeout=2", settings.ToOptionString());
    }

    [Fact]
    public void Ignores_the_generic_options_mount8_and_fstab_pass()
    {
        var settings = MountOptionParser.Parse(["rw,suid,nosuid,dev,nodev,exec,noexec,auto,noauto,user,nouser,_netdev,defaults,nofail,noatime,x-systemd.automount,comment=x"]);

        Assert.Equal(new MountSettings(), settings);
    }

    [Theory]
    [InlineData("bogus", "unknown mount option \"bogus\": accepted are ro, allow_other, default_permissions, attr_timeout=SECONDS, entry_timeout=SECONDS, negative_timeout=SECONDS")]
    [InlineData("rw=1", "unknown mount option \"rw=1\": accepted are ro, allow_other, default_permissions, attr_timeout=SECONDS, entry_timeout=SECONDS, negative_timeout=SECONDS")]
    [InlineData("ro=yes", "mount option \"ro=yes\" takes no value: write it alone, e.g. -o ro")]
    [InlineData("attr_timeout", "invalid value \"\" for mount option attr_timeout: expected seconds, e.g. attr_timeout=1.5")]
    [InlineData("attr_timeout=", "invalid value \"\" for mount option attr_timeout: expected seconds, e.g. attr_timeout=1.5")]
    [InlineData("entry_timeout=-1", "invalid value \"-1\" for mount option entry_timeout: expected seconds, e.g. entry_timeout=1.5")]
    [InlineData("negative_timeout=1s", "invalid value \"1s\" for mount option negative_timeout: expected seconds, e.g. negative_timeout=1.5")]
    public void Rejects_with_one_usage_line(string options, string message)
    {
        var error = Assert.Throws<CliException>(() => MountOptionParser.Parse([options]));

        Assert.Equal(message, error.Message);
        Assert.Equal(CliException.UsageError, error.ExitCode);
    }
}
