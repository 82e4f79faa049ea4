using DynamoFS.Core;
using DynamoFS.Core.Storage;
using FileMode = DynamoFS.Fuse.FileMode;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>The permission rules as pure functions (no storage).</summary>
public sealed class PermissionRuleTests
{
    private static InodeRecord R(uint mode, uint uid = 100, uint gid = 100) => new() { Id = 5, Mode = mode, Uid = uid, Gid = gid };
    private static Caller C(uint uid, uint gid, params uint[] groups) => new(uid, gid, () => groups);

    [Theory]
    [InlineData(0x8000 | 0x1C0, 100u, 100u, 7, true)]   // owner rwx
    [InlineData(0x8000 | 0x038, 100u, 100u, 4, false)]  // owner class wins even when group has r
    [InlineData(0x8000 | 0x020, 200u, 100u, 4, true)]   // group r
    [InlineData(0x8000 | 0x004, 200u, 300u, 4, true)]   // other r
    [InlineData(0x8000 | 0x004, 200u, 100u, 4, false)]  // group class wins: no r
    public void Owner_group_other_classes(uint mode, uint uid, uint gid, int mask, bool expected) =>
        Assert.Equal(expected, Permissions.MayAccess(R(mode), C(uid, gid), mask));

    [Fact]
    public void Supplementary_groups_count()
    {
        Assert.True(Permissions.MayAccess(R(0x8000 | 0x020), C(200, 300, 5, 100), 4));
        Assert.False(Permissions.MayAccess(R(0x8000 | 0x020), C(200, 300, 5, 6), 4));
    }

    [Fact]
    public void Root_bypasses_all_but_execute_of_a_non_executable_file()
    {
        Assert.True(Permissions.MayAccess(R(0x8000), C(0, 0), 6));
        Assert.False(Permissions.MayAccess(R(0x8000 | 0x1B6), C(0, 0), 1));
        Assert.True(Permissions.MayAccess(R(0x8000 | 0x008), C(0, 0), 1));
        Assert.True(Permissions.MayAccess(R(0x4000), C(0, 0), 1)); // directories: search always
    }

    [Fact]
    public void Sticky_directory_protects_others_entries()
    {
        var dir = R(0x4000 | 0x3FF, uid: 1);
        Assert.Equal(0, Permissions.CheckDelete(dir, R(0x8000, uid: 100), C(100, 100)));
        Assert.Equal(Fuse.Errno.EPERM, Permissions.CheckDelete(dir, R(0x8000, uid: 100), C(200, 100)));
        Assert.Equal(0, Permissions.CheckDelete(dir, R(0x8000, uid: 100), C(1, 1)));
        Assert.Equal(0, Permissions.CheckDelete(dir, R(0x8000, uid: 100), C(0, 0)));
        Assert.Equal(Fuse.Errno.EACCES, Permissions.CheckDelete(R(0x4000 | 0x1ED, uid: 1), R(0x8000), C(100, 100)));
    }

    [Fact]
    public void Kill_privileges_drops_setgid_only_with_group_execute()
    {
        Assert.Equal(0x8000u | 0x1ED, Permissions.KillSuidGid(0x8000 | 0xC00 | 0x1ED));
        Assert.Equal(0x8000u | 0x400 | 0x1A4, Permissions.KillSuidGid(0x8000 | 0xC00 | 0x1A4));
    }

    [Fact]
    public void Setgid_directories_pass_on_their_group()
    {
        var parent = R(FileMode.Directory | FileMode.SetGid | 0x1FF, uid: 1, gid: 50);
        var (gid, mode) = Permissions.NewInodeOwnership(parent, C(100, 100), FileMode.Directory | 0x1ED);
        Assert.Equal(50u, gid);
        Assert.Equal(FileMode.Directory | FileMode.SetGid | 0x1EDu, mode);
        (gid, mode) = Permissions.NewInodeOwnership(parent, C(100, 100), FileMode.Regular | FileMode.SetGid | 0x1ED);
        Assert.Equal(50u, gid);
        Assert.Equal(FileMode.Regular | 0x1EDu, mode); // not in group 50: set-group-id dropped
        (gid, _) = Permissions.NewInodeOwnership(R(FileMode.Directory | 0x1FF, gid: 50), C(100, 100), FileMode.Regular | 0x1A4);
        Assert.Equal(100u, gid);
    }

    [Fact]
    public void Block_math()
    {
        var m = new BlockMath(4096);
        Assert.Equal((0UL, 0UL), m.Range(0, 4096));
        Assert.Equal((0UL, 1UL), m.Range(4095, 2));
        Assert.Equal(2UL, m.CountFor(4097));
        Assert.Equal(0UL, m.CountFor(0));
        Assert.Equal(1, m.ValidLength(1, 4097));
        Assert.Equal(0, m.ValidLength(2, 4097));
        Assert.Equal(3, BlockMath.TrimmedLength([1, 0, 2, 0, 0]));
        Assert.Equal(0, BlockMath.TrimmedLength([0, 0]));
    }
}
