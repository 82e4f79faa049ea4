using DynamoFS.Fuse;
using static DynamoFS.Posix.Tests.Core.FsHarness;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>Extended attributes: namespaces, flags, limits, permission rules.</summary>
[Collection(DynamoDbCollection.Name)]
public sealed class XattrTests(DynamoDbLocal ddb)
{
    [Fact]
    public async Task Set_get_list_remove_with_create_and_replace_flags()
    {
        await using var h = await ddb.NewFileSystemAsync();
        await h.WriteFileAsync("/f", [1]);
        var node = await h.NodeAsync("/f");
        var ctime = (await h.StatAsync("/f")).ChangeTime;
        await Task.Delay(5);
        Assert.Equal(0, await h.Fs.SetXattr(h.Ctx(), node, N("user.color"), "blue"u8.ToArray(), 0));
        Assert.True((await h.StatAsync("/f")).ChangeTime.TotalNanoseconds > ctime.TotalNanoseconds);
        Assert.Equal(Errno.EEXIST, await h.Fs.SetXattr(h.Ctx(), node, N("user.color"), "red"u8.ToArray(), 1));
        Assert.Equal(Errno.ENODATA, await h.Fs.SetXattr(h.Ctx(), node, N("user.size"), "1"u8.ToArray(), 2));
        Assert.Equal(0, await h.Fs.SetXattr(h.Ctx(), node, N("user.color"), "red"u8.ToArray(), 2));
        Assert.Equal("red"u8.ToArray(), (await h.Fs.GetXattr(h.Ctx(), node, N("user.color"))).Value);
        Assert.Equal(0, await h.Fs.SetXattr(h.Ctx(), node, N("trusted.t"), "x"u8.ToArray(), 0));
        Assert.Equal("user.color\0trusted.t\0"u8.ToArray().Length, (await h.Fs.ListXattr(h.Ctx(), node)).Value.Length);
        Assert.Equal("user.color\0"u8.ToArray(), (await h.Fs.ListXattr(h.Ctx(1000, 1000), node)).Value); // trusted.* hidden
        Assert.Equal(0, await h.Fs.RemoveXattr(h.Ctx(), node, N("user.color")));
        Assert.Equal(Errno.ENODATA, (await h.Fs.GetXattr(h.Ctx(), node, N("user.color"))).Error);
        Assert.Equal(Errno.ENODATA, await h.Fs.RemoveXattr(h.Ctx(), node, N("user.color")));
    }

    [Fact]
    public async Task Namespaces_and_limits()
    {
        await using var h = await ddb.NewFileSystemAsync();
        await h.WriteFileAsync("/f", [1]);
        var node = await h.NodeAsync("/f");
        Assert.Equal(Errno.EOPNOTSUPP, await h.Fs.SetXattr(h.Ctx(), node, N("system.posix_acl_access"), new byte[4], 0));
        Assert.Equal(Errno.EOPNOTSUPP, (await h.Fs.GetXattr(h.Ctx(), node, N("system.posix_acl_access"))).Error);
        Assert.Equal(Errno.EPERM, await h.Fs.SetXattr(h.Ctx(1000, 1000), node, N("trusted.x"), new byte[1], 0));
        Assert.Equal(Errno.EPERM, await h.Fs.SetXattr(h.Ctx(1000, 1000), node, N("security.x"), new byte[1], 0));
        Assert.Equal(Errno.EACCES, await h.Fs.SetXattr(h.Ctx(1000, 1000), node, N("user.x"), new byte[1], 0));
        Assert.Equal(Errno.ERANGE, await h.Fs.SetXattr(h.Ctx(), node, N("user." + new string('n', 251)), new byte[1], 0));
        Assert.Equal(0, await h.Fs.SetXattr(h.Ctx(), node, N("user.big"), new byte[65536], 0));
        Assert.Equal(65536, (await h.Fs.GetXattr(h.Ctx(), node, N("user.big"))).Value.Length);
        Assert.Equal(Errno.E2BIG, await h.Fs.SetXattr(h.Ctx(), node, N("user.bigger"), new byte[65537], 0));
        var s = await h.Fs.Symlink(h.Ctx(), 1, N("l"), "f"u8.ToArray());
        Assert.Equal(Errno.EPERM, await h.Fs.SetXattr(h.Ctx(), s.Value.NodeId, N("user.x"), new byte[1], 0));
    }

    [Fact]
    public async Task Security_capability_is_answered_without_storage_after_the_first_miss()
    {
        await using var h = await ddb.NewFileSystemAsync();
        await h.WriteFileAsync("/f", [1]);
        var node = await h.NodeAsync("/f");
        Assert.Equal(Errno.ENODATA, (await h.Fs.GetXattr(h.Ctx(), node, N("security.capability"))).Error);
        var before = h.Store.Stats.Snapshot();
        Assert.Equal(Errno.ENODATA, (await h.Fs.GetXattr(h.Ctx(), node, N("security.capability"))).Error);
        Assert.Equal(0, h.Store.Stats.Snapshot().Since(before).Total.Requests);
        Assert.Equal(0, await h.Fs.SetXattr(h.Ctx(), node, N("security.capability"), new byte[] { 1, 2 }, 0));
        Assert.Equal(new byte[] { 1, 2 }, (await h.Fs.GetXattr(h.Ctx(), node, N("security.capability"))).Value);
    }
}
