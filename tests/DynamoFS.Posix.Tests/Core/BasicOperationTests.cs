using DynamoFS.Fuse;
using FileMode = DynamoFS.Fuse.FileMode;
using static DynamoFS.Posix.Tests.Core.FsHarness;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>The everyday operations through the FUSE methods, against DynamoDB Local.</summary>
[Collection(DynamoDbCollection.Name)]
public sealed class BasicOperationTests(DynamoDbLocal ddb)
{
    [Fact]
    public async Task Root_is_a_directory_with_two_links()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var r = await h.Fs.GetAttr(h.Ctx(), 1, null);
        Assert.True(r.IsSuccess);
        Assert.True(FileMode.IsDirectory(r.Value.Attributes.Mode));
        Assert.Equal(2u, r.Value.Attributes.Links);
    }

    [Fact]
    public async Task Create_write_close_then_read_back()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var data = "hello, dynamo"u8.ToArray();
        await h.WriteFileAsync("/a.txt", data);
        Assert.Equal(data, await h.ReadFileAsync("/a.txt"));
        var st = await h.StatAsync("/a.txt");
        Assert.Equal((ulong)data.Length, st.Size);
        Assert.True(FileMode.IsRegular(st.Mode));
        Assert.Equal(1u, st.Links);
        Assert.Equal(1UL, st.Blocks); // ceil(13 / 512)
    }

    [Fact]
    public async Task Data_is_visible_to_a_second_client_after_close()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var data = new byte[300_000];
        new Random(1).NextBytes(data);
        await h.WriteFileAsync("/big", data);
        // A second file system object on the same table = another client.
        var other = new DynamoFS.Core.DynamoFileSystem(h.Store, h.Store.Blocks);
        var h2 = new FsHarness(h.Store, other);
        Assert.Equal(data, await h2.ReadFileAsync("/big"));
    }

    [Fact]
    public async Task Lookup_of_missing_name_is_a_negative_entry()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var r = await h.Fs.Lookup(h.Ctx(), 1, N("nope"));
        Assert.True(r.IsSuccess);
        Assert.Equal(0UL, r.Value.NodeId);
        Assert.True(r.Value.EntryTimeout > TimeSpan.Zero);
    }

    [Fact]
    public async Task Names_longer_than_255_bytes_are_refused()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var r = await h.Fs.Lookup(h.Ctx(), 1, N(new string('x', 256)));
        Assert.Equal(Errno.ENAMETOOLONG, r.Error);
        var c = await h.CreateAsync("/" + new string('x', 256));
        Assert.Equal(Errno.ENAMETOOLONG, c.Errno);
        var ok = await h.CreateAsync("/" + new string('x', 255));
        Assert.Equal(0, ok.Errno);
    }

    [Fact]
    public async Task Mkdir_counts_links_and_readdir_lists_dot_dotdot_and_entries()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/d"));
        Assert.Equal(0, await h.MkdirAsync("/d/sub"));
        await h.WriteFileAsync("/d/f1", [1]);
        await h.WriteFileAsync("/d/f2", [2]);
        Assert.Equal(Errno.EEXIST, await h.MkdirAsync("/d/sub"));

        Assert.Equal(3u, (await h.StatAsync("/d")).Links);
        Assert.Equal(3u, (await h.StatAsync("/")).Links);

        foreach (bool plus in new[] { false, true })
        {
            var entries = await h.ListAsync("/d", plus);
            Assert.Equal(new[] { ".", "..", "f1", "f2", "sub" }, entries.Select(e => e.Name).Order(StringComparer.Ordinal));
            Assert.Equal(1UL, entries[0].Cookie);
            Assert.Equal(2UL, entries[1].Cookie);
            // Paged one entry at a time: resuming at each cookie gives the same listing.
            var paged = await h.ListAsync("/d", plus, capacity: 1);
            Assert.Equal(entries.Select(e => e.Name), paged.Select(e => e.Name));
        }
    }

    [Fact]
    public async Task Unlink_removes_the_name_and_the_inode()
    {
        await using var h = await ddb.NewFileSystemAsync();
        await h.WriteFileAsync("/f", [1, 2, 3]);
        var node = await h.NodeAsync("/f");
        Assert.Equal(0, await h.Fs.Unlink(h.Ctx(), 1, N("f")));
        Assert.Equal(-Errno.ENOENT, await h.ResolveAsync("/f"));
        Assert.Null(await h.Store.GetInodeAsync(node, CancellationToken.None));
        Assert.Equal(Errno.ENOENT, await h.Fs.Unlink(h.Ctx(), 1, N("f")));
    }

    [Fact]
    public async Task Unlink_of_a_directory_is_EISDIR_and_rmdir_of_a_file_ENOTDIR()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/d"));
        await h.WriteFileAsync("/f", [1]);
        Assert.Equal(Errno.EISDIR, await h.Fs.Unlink(h.Ctx(), 1, N("d")));
        Assert.Equal(Errno.ENOTDIR, await h.Fs.RemoveDirectory(h.Ctx(), 1, N("f")));
        await h.WriteFileAsync("/d/x", [1]);
        Assert.Equal(Errno.ENOTEMPTY, await h.Fs.RemoveDirectory(h.Ctx(), 1, N("d")));
        Assert.Equal(0, await h.Fs.Unlink(h.Ctx(), await h.NodeAsync("/d"), N("x")));
        Assert.Equal(0, await h.Fs.RemoveDirectory(h.Ctx(), 1, N("d")));
        Assert.Equal(2u, (await h.StatAsync("/")).Links);
    }

    [Fact]
    public async Task Create_and_unlink_advance_the_parent_times()
    {
        await using var h = await ddb.NewFileSystemAsync();
        Assert.Equal(0, await h.MkdirAsync("/d"));
        var before = await h.StatAsync("/d");
        await Task.Delay(5);
        await h.WriteFileAsync("/d/f", [1]);
        var afterCreate = await h.StatAsync("/d");
        Assert.True(afterCreate.ModifyTime.TotalNanoseconds > before.ModifyTime.TotalNanoseconds);
        Assert.True(afterCreate.ChangeTime.TotalNanoseconds > before.ChangeTime.TotalNanoseconds);
        await Task.Delay(5);
        Assert.Equal(0, await h.Fs.Unlink(h.Ctx(), await h.NodeAsync("/d"), N("f")));
        var afterUnlink = await h.StatAsync("/d");
        Assert.True(afterUnlink.ModifyTime.TotalNanoseconds > afterCreate.ModifyTime.TotalNanoseconds);
    }
}
