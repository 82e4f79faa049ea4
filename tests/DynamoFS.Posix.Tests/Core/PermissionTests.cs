using DynamoFS.Fuse;
using static DynamoFS.Posix.Tests.Core.FsHarness;
using FileMode = DynamoFS.Fuse.FileMode;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>Permission rules enforced by the file system (no default_permissions), through the FUSE methods.</summary>
[Collection(DynamoDbCollection.Name)]
public sealed class PermissionTests(DynamoDbLocal ddb)
{
    private const uint Alice = 1000, Bob = 2000;

    private static FuseSetAttributes Chmod(uint mode) => new() { Fields = SetAttributeFields.Mode, Mode = mode };

    [Fact]
    public async Task Creating_needs_write_and_search_on_the_parent()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(Errno.EACCES, (await h.CreateAsync("/x", uid: Alice, gid: Alice)).Errno);
        Assert.Equal(0, await h.MkdirAsync("/open", 0x1FF));
        Assert.Equal(0, (await h.CreateAsync("/open/x", uid: Alice, gid: Alice)).Errno);
        var st = await h.StatAsync("/open/x");
        Assert.Equal(Alice, st.Uid);
        Assert.Equal(Alice, st.Gid);
    }

    [Fact]
    public async Task Lookup_needs_search_permission()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/private", 0x1C0)); // 0700, root's
        await h.WriteFileAsync("/private/f", [1]);
        Assert.Equal(-Errno.EACCES, await h.ResolveAsync("/private/f", Alice, Alice));
        Assert.True(await h.ResolveAsync("/private/f") > 0);
    }

    [Fact]
    public async Task Open_checks_the_mode_bits()
    {
        await using var h = await ddb.NewFileSystemAsync();
        await h.WriteFileAsync("/ro", [1]);
        var node = await h.NodeAsync("/ro");
        Assert.True((await h.Fs.SetAttr(h.Ctx(), node, Chmod(0x124))).IsSuccess); // 0444
        Assert.Equal(Errno.EACCES, (await h.OpenAsync("/ro", 1, Alice, Alice)).Errno);
        Assert.Equal(Errno.EACCES, (await h.OpenAsync("/ro", 0x200, Alice, Alice)).Errno); // O_RDONLY|O_TRUNC
        Assert.Equal(0, (await h.OpenAsync("/ro", 0, Alice, Alice)).Errno);
        Assert.Equal(0, (await h.OpenAsync("/ro", 2)).Errno); // root
        Assert.Equal(Errno.EACCES, await h.Fs.Access(h.Ctx(Alice, Alice), node, 2));
        Assert.Equal(0, await h.Fs.Access(h.Ctx(Alice, Alice), node, 4));
        Assert.Equal(Errno.EACCES, await h.Fs.Access(h.Ctx(), node, 1)); // root needs an x bit to execute
    }

    [Fact]
    public async Task Sticky_directory_lets_only_owners_remove()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/tmp", 0x3FF)); // 1777
        var tmp = await h.NodeAsync("/tmp");
        Assert.Equal(0, (await h.CreateAsync("/tmp/alice", uid: Alice, gid: Alice)).Errno);
        Assert.Equal(Errno.EPERM, await h.Fs.Unlink(h.Ctx(Bob, Bob), tmp, N("alice")));
        Assert.Equal(Errno.EPERM, await h.Fs.Rename(h.Ctx(Bob, Bob), tmp, N("alice"), tmp, N("bob"), 0));
        Assert.Equal(0, await h.Fs.Rename(h.Ctx(Alice, Alice), tmp, N("alice"), tmp, N("alice2"), 0));
        Assert.Equal(0, await h.Fs.Unlink(h.Ctx(Alice, Alice), tmp, N("alice2")));
    }

    [Fact]
    public async Task Chmod_and_chown_rules()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/pub", 0x1FF));
        var (_, node, handle) = await h.CreateAsync("/pub/f", uid: Alice, gid: Alice);
        await h.CloseAsync(node, handle, Alice);
        var before = await h.StatAsync("/pub/f");
        await Task.Delay(5);

        Assert.Equal(Errno.EPERM, (await h.Fs.SetAttr(h.Ctx(Bob, Bob), node, Chmod(0x1FF))).Error);
        var r = await h.Fs.SetAttr(h.Ctx(Alice, Alice), node, Chmod(0x1C0));
        Assert.Equal(FileMode.Regular | 0x1C0u, r.Value.Attributes.Mode);
        Assert.True(r.Value.Attributes.ChangeTime.TotalNanoseconds > before.ChangeTime.TotalNanoseconds);

        // Only root gives files away; the owner may pick a group it belongs to, not another.
        Assert.Equal(Errno.EPERM, (await h.Fs.SetAttr(h.Ctx(Alice, Alice), node, new FuseSetAttributes { Fields = SetAttributeFields.Uid, Uid = Bob })).Error);
        Assert.Equal(Errno.EPERM, (await h.Fs.SetAttr(h.Ctx(Alice, Alice), node, new FuseSetAttributes { Fields = SetAttributeFields.Gid, Gid = Bob })).Error);
        Assert.True((await h.Fs.SetAttr(h.Ctx(Alice, Alice), node, new FuseSetAttributes { Fields = SetAttributeFields.Gid, Gid = Alice })).IsSuccess);
        r = await h.Fs.SetAttr(h.Ctx(), node, new FuseSetAttributes { Fields = SetAttributeFields.Uid | SetAttributeFields.Gid, Uid = Bob, Gid = Bob });
        Assert.Equal((Bob, Bob), (r.Value.Attributes.Uid, r.Value.Attributes.Gid));

        // A non-root chmod cannot set set-group-id for a group it is not in.
        r = await h.Fs.SetAttr(h.Ctx(Bob, 5), node, Chmod(0x400 | 0x1ED));
        Assert.Equal(FileMode.Regular | 0x1EDu, r.Value.Attributes.Mode);
    }

    [Fact]
    public async Task Chown_and_unprivileged_writes_drop_setuid()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/pub", 0x1FF));
        var (_, node, handle) = await h.CreateAsync("/pub/f", uid: Alice, gid: Alice);
        await h.CloseAsync(node, handle, Alice);
        Assert.True((await h.Fs.SetAttr(h.Ctx(Alice, Alice), node, Chmod(0xC00 | 0x1FF))).IsSuccess); // 6777
        var w = await h.Fs.Open(h.Ctx(Bob, Bob), node, 1, false);
        Assert.True((await h.Fs.Write(h.Ctx(Bob, Bob), node, w.Value.Handle, 0, new byte[] { 1 }, false, null)).IsSuccess);
        await h.CloseAsync(node, w.Value.Handle, Bob);
        Assert.Equal(FileMode.Regular | 0x1FFu, (await h.StatAsync("/pub/f")).Mode);

        Assert.True((await h.Fs.SetAttr(h.Ctx(), node, Chmod(0xC00 | 0x1ED))).IsSuccess);
        var r = await h.Fs.SetAttr(h.Ctx(), node, new FuseSetAttributes { Fields = SetAttributeFields.Uid, Uid = Bob });
        Assert.Equal(FileMode.Regular | 0x1EDu, r.Value.Attributes.Mode);
    }

    [Fact]
    public async Task Utimens_now_needs_write_explicit_times_need_ownership()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/pub", 0x1FF));
        var (_, node, handle) = await h.CreateAsync("/pub/f", mode: 0x1B6, uid: Alice, gid: Alice); // 0666
        await h.CloseAsync(node, handle, Alice);
        var now = new FuseSetAttributes { Fields = SetAttributeFields.AccessTime | SetAttributeFields.AccessTimeNow | SetAttributeFields.ModifyTime | SetAttributeFields.ModifyTimeNow };
        Assert.True((await h.Fs.SetAttr(h.Ctx(Bob, Bob), node, now)).IsSuccess);
        var set = new FuseSetAttributes
        {
            Fields = SetAttributeFields.AccessTime | SetAttributeFields.ModifyTime,
            AccessTime = new FuseTime(1_000_000, 123_456_789),
            ModifyTime = new FuseTime(2_000_000, 987_654_321),
        };
        Assert.Equal(Errno.EPERM, (await h.Fs.SetAttr(h.Ctx(Bob, Bob), node, set)).Error);
        var r = await h.Fs.SetAttr(h.Ctx(Alice, Alice), node, set);
        Assert.Equal(new FuseTime(1_000_000, 123_456_789), r.Value.Attributes.AccessTime);
        Assert.Equal(new FuseTime(2_000_000, 987_654_321), r.Value.Attributes.ModifyTime);
        Assert.True((await h.Fs.SetAttr(h.Ctx(), node, Chmod(0x1A4))).IsSuccess); // 0644: Bob may no longer write
        Assert.Equal(Errno.EACCES, (await h.Fs.SetAttr(h.Ctx(Bob, Bob), node, now)).Error);
        // Nanoseconds survive a fresh client.
        var other = new FsHarness(h.Store, new DynamoFS.Core.DynamoFileSystem(h.Store, h.Store.Blocks));
        Assert.Equal(new FuseTime(2_000_000, 987_654_321), (await other.StatAsync("/pub/f")).ModifyTime);
    }

    [Fact]
    public async Task Truncate_by_path_needs_write_permission()
    {
        await using var h = await ddb.NewFileSystemAsync();
        await h.WriteFileAsync("/f", [1, 2, 3]);
        var node = await h.NodeAsync("/f");
        var size = new FuseSetAttributes { Fields = SetAttributeFields.Size, Size = 1 };
        Assert.Equal(Errno.EACCES, (await h.Fs.SetAttr(h.Ctx(Alice, Alice), node, size)).Error);
        Assert.Equal(1UL, (await h.Fs.SetAttr(h.Ctx(), node, size)).Value.Attributes.Size);
    }

    [Fact]
    public async Task Setgid_directories_pass_group_and_bit_to_new_subdirectories()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/shared", 0x1FF));
        var shared = await h.NodeAsync("/shared");
        Assert.True((await h.Fs.SetAttr(h.Ctx(), shared, new FuseSetAttributes { Fields = SetAttributeFields.Gid | SetAttributeFields.Mode, Gid = 50, Mode = 0x400 | 0x1FF })).IsSuccess);
        Assert.Equal(0, await h.MkdirAsync("/shared/sub", 0x1ED, Alice, Alice));
        var sub = await h.StatAsync("/shared/sub");
        Assert.Equal(50u, sub.Gid);
        Assert.NotEqual(0u, sub.Mode & FileMode.SetGid);
        Assert.Equal(0, (await h.CreateAsync("/shared/file", uid: Alice, gid: Alice)).Errno);
        Assert.Equal(50u, (await h.StatAsync("/shared/file")).Gid);
    }

    [Fact]
    public async Task Read_only_mount_refuses_changes()
    {
        await using var h = await ddb.NewFileSystemAsync(options: new DynamoFS.Core.FileSystemOptions { ReadOnly = true });
        Assert.Equal(Errno.EROFS, await h.MkdirAsync("/d"));
        Assert.Equal(Errno.EROFS, (await h.CreateAsync("/f")).Errno);
        Assert.True((await h.Fs.GetAttr(h.Ctx(), 1, null)).IsSuccess);
    }
}
