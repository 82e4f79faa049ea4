using DynamoFS.Fuse.Mounting;

namespace DynamoFS.Fuse.Tests.Mounting;

/// <summary>The option strings handed to mount(2) and fusermount3, and mountinfo parsing.</summary>
public class MountOptionStringTests
{
    [Fact]
    public void KernelOptionsUseOnlyKeysTheKernelAccepts()
    {
        Assert.Equal("fd=7,rootmode=40000,user_id=1000,group_id=100",
            MountOptionString.ForKernel(7, 1000, 100, new FuseMountOptions()));
        Assert.Equal("fd=3,rootmode=40000,user_id=0,group_id=0,allow_other,default_permissions",
            MountOptionString.ForKernel(3, 0, 0, new FuseMountOptions { AllowOther = true, DefaultPermissions = true, FsName = "ignored,here" }));
    }

    [Fact]
    public void KernelFlagsAreNosuidNodevAndRdonlyWhenAsked()
    {
        Assert.Equal(2UL | 4UL, MountOptionString.KernelFlags(new FuseMountOptions()));
        Assert.Equal(1UL | 2UL | 4UL, MountOptionString.KernelFlags(new FuseMountOptions { ReadOnly = true }));
    }

    [Fact]
    public void FusermountOptionsEscapeCommasAndBackslashes()
    {
        var options = new FuseMountOptions { FsName = @"a,b\c", Subtype = "dyn", AutoUnmount = true, AllowOther = true, ReadOnly = true };
        Assert.Equal(@"fsname=a\,b\\c,subtype=dyn,auto_unmount,allow_other,ro,nosuid,nodev", MountOptionString.ForFusermount(options));
        Assert.Equal("fsname=x,subtype=y,rw,nosuid,nodev",
            MountOptionString.ForFusermount(new FuseMountOptions { FsName = "x", Subtype = "y", AutoUnmount = false }));
    }

    [Fact]
    public void MountinfoLinesAreParsedAndUnescaped()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file,
            [
                "22 1 0:21 / /proc rw,nosuid - proc proc rw",
                @"45 27 0:42 / /tmp/with\040space rw,nosuid,nodev,relatime shared:1 - fuse.dynamofs dynamofs rw,user_id=0,group_id=0",
                "garbage line",
            ]);
            var entries = MountTable.Read(file).ToList();
            Assert.Equal(2, entries.Count);
            Assert.Equal(new MountTable.MountEntry("/tmp/with space", "fuse.dynamofs", 42), entries[1]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
