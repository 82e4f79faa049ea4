using DynamoFS.Fuse;
using static DynamoFS.Posix.Tests.Core.FsHarness;
using FileMode = DynamoFS.Fuse.FileMode;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>Names: hard links, symlinks, special files, rename and its flags.</summary>
[Collection(DynamoDbCollection.Name)]
public sealed class NamespaceTests(DynamoDbLocal ddb)
{
    [Fact]
    public async Task Hard_links_count_and_change_ctime()
    {
        await using var h = await ddb.NewFileSystemAsync();
        await h.WriteFileAsync("/a", [1, 2]);
        var node = await h.NodeAsync("/a");
        var before = await h.StatAsync("/a");
        await Task.Delay(5);
        var l = await h.Fs.Link(h.Ctx(), node, 1, N("b"));
        Assert.True(l.IsSuccess, $"errno {l.Error}");
        Assert.Equal(node, l.Value.NodeId);
        Assert.Equal(2u, l.Value.Attributes.Links);
        Assert.True(l.Value.Attributes.ChangeTime.TotalNanoseconds > before.ChangeTime.TotalNanoseconds);
        Assert.Equal(Errno.EEXIST, (await h.Fs.Link(h.Ctx(), node, 1, N("b"))).Error);
        Assert.Equal(0, await h.Fs.Unlink(h.Ctx(), 1, N("a")));
        Assert.Equal(1u, (await h.StatAsync("/b")).Links);
        Assert.Equal(new byte[] { 1, 2 }, await h.ReadFileAsync("/b"));
        Assert.Equal(0, await h.MkdirAsync("/d"));
        Assert.Equal(Errno.EPERM, (await h.Fs.Link(h.Ctx(), await h.NodeAsync("/d"), 1, N("d2"))).Error);
    }

    [Fact]
    public async Task Symlinks_report_their_target_length()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var s = await h.Fs.Symlink(h.Ctx(), 1, N("link"), "some/where/else"u8.ToArray());
        Assert.True(s.IsSuccess);
        Assert.True(FileMode.IsSymlink(s.Value.Attributes.Mode));
        Assert.Equal(15UL, s.Value.Attributes.Size);
        Assert.Equal("some/where/else"u8.ToArray(), (await h.Fs.ReadLink(h.Ctx(), s.Value.NodeId)).Value);
        Assert.Equal(Errno.EINVAL, (await h.Fs.ReadLink(h.Ctx(), 1)).Error);
    }

    [Fact]
    public async Task Mknod_makes_fifos_and_devices_for_root_only()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var f = await h.Fs.MakeNode(h.Ctx(), 1, N("fifo"), FileMode.Fifo | 0x1A4, 0, 0);
        Assert.True(f.IsSuccess);
        Assert.Equal(FileMode.Fifo, f.Value.Attributes.Mode & FileMode.TypeMask);
        var d = await h.Fs.MakeNode(h.Ctx(), 1, N("null"), FileMode.Char | 0x1B6, 0x103, 0);
        Assert.Equal(0x103u, d.Value.Attributes.Rdev);
        Assert.Equal(0, await h.MkdirAsync("/pub", 0x1FF));
        var pub = await h.NodeAsync("/pub");
        Assert.Equal(Errno.EPERM, (await h.Fs.MakeNode(h.Ctx(1000, 1000), pub, N("dev"), FileMode.Block | 0x1B6, 1, 0)).Error);
        Assert.True((await h.Fs.MakeNode(h.Ctx(1000, 1000), pub, N("sock"), FileMode.Socket | 0x1B6, 0, 0)).IsSuccess);
    }

    [Fact]
    public async Task Rename_moves_replaces_and_honours_noreplace_and_exchange()
    {
        await using var h = await ddb.NewFileSystemAsync();
        await h.WriteFileAsync("/a", [1]);
        await h.WriteFileAsync("/b", [2]);
        var a = await h.NodeAsync("/a");
        var b = await h.NodeAsync("/b");
        Assert.Equal(Errno.EEXIST, await h.Fs.Rename(h.Ctx(), 1, N("a"), 1, N("b"), FuseRenameFlags.NoReplace));
        Assert.Equal(0, await h.Fs.Rename(h.Ctx(), 1, N("a"), 1, N("b"), FuseRenameFlags.Exchange));
        Assert.Equal(new byte[] { 2 }, await h.ReadFileAsync("/a"));
        Assert.Equal(new byte[] { 1 }, await h.ReadFileAsync("/b"));
        Assert.Equal(Errno.ENOENT, await h.Fs.Rename(h.Ctx(), 1, N("a"), 1, N("zz"), FuseRenameFlags.Exchange));
        Assert.Equal(Errno.EINVAL, await h.Fs.Rename(h.Ctx(), 1, N("a"), 1, N("zz"), FuseRenameFlags.Whiteout));

        // Replace: the old target loses its last link and is deleted.
        Assert.Equal(0, await h.Fs.Rename(h.Ctx(), 1, N("a"), 1, N("b"), FuseRenameFlags.None));
        Assert.Equal(-Errno.ENOENT, await h.ResolveAsync("/a"));
        Assert.Equal((long)b, await h.ResolveAsync("/b"));
        Assert.Null(await h.Store.GetInodeAsync(a, default));
    }

    [Fact]
    public async Task Rename_onto_another_link_of_the_same_inode_does_nothing()
    {
        await using var h = await ddb.NewFileSystemAsync();
        await h.WriteFileAsync("/a", [1]);
        var a = await h.NodeAsync("/a");
        Assert.True((await h.Fs.Link(h.Ctx(), a, 1, N("b"))).IsSuccess);
        Assert.Equal(0, await h.Fs.Rename(h.Ctx(), 1, N("a"), 1, N("b"), FuseRenameFlags.None));
        Assert.Equal((long)a, await h.ResolveAsync("/a"));
        Assert.Equal((long)a, await h.ResolveAsync("/b"));
        Assert.Equal(2u, (await h.StatAsync("/a")).Links);
    }

    [Fact]
    public async Task Rename_type_rules_and_directory_moves()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/d1"));
        Assert.Equal(0, await h.MkdirAsync("/d1/inner"));
        Assert.Equal(0, await h.MkdirAsync("/d2"));
        Assert.Equal(0, await h.MkdirAsync("/full"));
        await h.WriteFileAsync("/full/x", [1]);
        await h.WriteFileAsync("/f", [1]);
        var d1 = await h.NodeAsync("/d1");
        var inner = await h.NodeAsync("/d1/inner");

        Assert.Equal(Errno.EISDIR, await h.Fs.Rename(h.Ctx(), 1, N("f"), 1, N("d2"), 0));
        Assert.Equal(Errno.ENOTDIR, await h.Fs.Rename(h.Ctx(), 1, N("d2"), 1, N("f"), 0));
        Assert.Equal(Errno.ENOTEMPTY, await h.Fs.Rename(h.Ctx(), 1, N("d2"), 1, N("full"), 0));
        Assert.Equal(Errno.EINVAL, await h.Fs.Rename(h.Ctx(), 1, N("d1"), inner, N("loop"), 0));
        Assert.Equal(Errno.EINVAL, await h.Fs.Rename(h.Ctx(), 1, N("d1"), d1, N("self"), 0));

        // Move d1 into d2: link counts of both parents change, ".." follows.
        Assert.Equal(0, await h.Fs.Rename(h.Ctx(), 1, N("d1"), await h.NodeAsync("/d2"), N("moved"), 0));
        Assert.Equal(3u, (await h.StatAsync("/d2")).Links);
        Assert.Equal(4u, (await h.StatAsync("/")).Links); // d2, full, and the root's own 2
        var dotdot = await h.Fs.Lookup(h.Ctx(), d1, N(".."));
        Assert.Equal(await h.NodeAsync("/d2"), dotdot.Value.NodeId);
        Assert.Equal((long)inner, await h.ResolveAsync("/d2/moved/inner"));

        // An empty directory may replace an empty directory.
        Assert.Equal(0, await h.MkdirAsync("/e1"));
        Assert.Equal(0, await h.MkdirAsync("/e2"));
        Assert.Equal(0, await h.Fs.Rename(h.Ctx(), 1, N("e1"), 1, N("e2"), 0));
        Assert.Equal(-Errno.ENOENT, await h.ResolveAsync("/e1"));
    }

    [Fact]
    public async Task Rename_updates_ctime_of_the_moved_inode_and_parent_times()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/src"));
        Assert.Equal(0, await h.MkdirAsync("/dst"));
        await h.WriteFileAsync("/src/f", [1]);
        var f = await h.StatAsync("/src/f");
        var src = await h.StatAsync("/src");
        var dst = await h.StatAsync("/dst");
        await Task.Delay(5);
        Assert.Equal(0, await h.Fs.Rename(h.Ctx(), await h.NodeAsync("/src"), N("f"), await h.NodeAsync("/dst"), N("g"), 0));
        Assert.True((await h.StatAsync("/dst/g")).ChangeTime.TotalNanoseconds > f.ChangeTime.TotalNanoseconds);
        Assert.True((await h.StatAsync("/src")).ModifyTime.TotalNanoseconds > src.ModifyTime.TotalNanoseconds);
        Assert.True((await h.StatAsync("/dst")).ModifyTime.TotalNanoseconds > dst.ModifyTime.TotalNanoseconds);
    }
}
