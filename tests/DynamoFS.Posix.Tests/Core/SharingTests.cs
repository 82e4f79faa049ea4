using DynamoFS.Core;
using static DynamoFS.Posix.Tests.Core.FsHarness;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>Two clients (two file-system objects) on one table: close-to-open consistency and concurrent changes.</summary>
[Collection(DynamoDbCollection.Name)]
public sealed class SharingTests(DynamoDbLocal ddb)
{
    [Fact]
    public async Task Reopen_sees_what_another_client_wrote_and_drops_stale_cached_blocks()
    {
        await using var a = await ddb.NewFileSystemAsync(blockSize: 4096, inlineLimit: 0);
        var b = new FsHarness(a.Store, new DynamoFileSystem(a.Store, a.Store.Blocks));
        var v1 = new byte[10_000];
        v1.AsSpan().Fill(1);
        await a.WriteFileAsync("/f", v1);
        Assert.Equal(v1, await a.ReadFileAsync("/f")); // now cached in a
        var v2 = new byte[12_000];
        v2.AsSpan().Fill(2);
        await b.WriteFileAsync("/f", v2);
        var node = await a.NodeAsync("/f");
        var o = await a.Fs.Open(a.Ctx(), node, 0, false);
        Assert.False(o.Value.Flags.HasFlag(DynamoFS.Fuse.FuseOpenFlags.KeepCache));
        await a.CloseAsync(node, o.Value.Handle);
        Assert.Equal(v2, await a.ReadFileAsync("/f"));
        // Unchanged since: the kernel may keep its page cache.
        var again = await a.Fs.Open(a.Ctx(), node, 0, false);
        Assert.True(again.Value.Flags.HasFlag(DynamoFS.Fuse.FuseOpenFlags.KeepCache));
        await a.CloseAsync(node, again.Value.Handle);
    }

    [Fact]
    public async Task Concurrent_creates_from_two_clients_in_one_directory_all_land()
    {
        await using var a = await ddb.NewFileSystemAsync();
        var b = new FsHarness(a.Store, new DynamoFileSystem(a.Store, a.Store.Blocks));
        Assert.Equal(0, await a.MkdirAsync("/d"));
        var dirA = await a.NodeAsync("/d");
        var dirB = await b.NodeAsync("/d");
        var tasks = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var h = i % 2 == 0 ? a : b;
            var r = await h.Fs.Create(h.Ctx(), i % 2 == 0 ? dirA : dirB, N($"f{i}"), 0x1A4, 0, 0x41);
            Assert.True(r.IsSuccess, $"errno {r.Error}");
            await h.CloseAsync(r.Value.Entry.NodeId, r.Value.Open.Handle);
        }));
        await Task.WhenAll(tasks);
        Assert.Equal(42, (await a.ListAsync("/d")).Count);
        // Same name from both: exactly one wins.
        var x = await a.Fs.MakeDirectory(a.Ctx(), dirA, N("same"), 0x1ED, 0);
        var y = await b.Fs.MakeDirectory(b.Ctx(), dirB, N("same"), 0x1ED, 0);
        Assert.True(x.IsSuccess);
        Assert.Equal(DynamoFS.Fuse.Errno.EEXIST, y.Error);
    }

    [Fact]
    public async Task Attribute_change_from_another_client_merges_with_our_pending_write()
    {
        await using var a = await ddb.NewFileSystemAsync();
        var b = new FsHarness(a.Store, new DynamoFileSystem(a.Store, a.Store.Blocks));
        var (_, node, handle) = await a.CreateAsync("/f");
        Assert.True((await a.Fs.Write(a.Ctx(), node, handle, 0, "data"u8.ToArray(), false, null)).IsSuccess);
        // b changes the mode while a's write is still buffered: a's flush hits a version conflict and merges.
        var bn = await b.NodeAsync("/f");
        Assert.True((await b.Fs.SetAttr(b.Ctx(), bn, new DynamoFS.Fuse.FuseSetAttributes { Fields = DynamoFS.Fuse.SetAttributeFields.Mode, Mode = 0x180 })).IsSuccess);
        await a.CloseAsync(node, handle);
        var rec = await a.Store.GetInodeAsync(node, default);
        Assert.Equal(4UL, rec!.Size);
        Assert.Equal(0x8000u | 0x180, rec.Mode);
        Assert.Equal("data"u8.ToArray(), await b.ReadFileAsync("/f"));
    }
}
