using DynamoFS.Core;
using DynamoFS.Fuse;
using static DynamoFS.Posix.Tests.Core.FsHarness;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>File content: blocks, inline data, truncate, holes, buffering, append, unlink while open.</summary>
[Collection(DynamoDbCollection.Name)]
public sealed class FileDataTests(DynamoDbLocal ddb)
{
    private static byte[] Random(int n, int seed = 1)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public async Task Small_files_live_inline_and_move_to_blocks_when_they_grow()
    {
        await using var h = await ddb.NewFileSystemAsync(blockSize: 4096, inlineLimit: 1024);
        await h.WriteFileAsync("/f", Random(100));
        var node = await h.NodeAsync("/f");
        var rec = await h.Store.GetInodeAsync(node, default);
        Assert.Equal(100, rec!.InlineData!.Length);
        Assert.Empty(await h.Store.Blocks.ListBlocksAsync(node, 0, 100, default));

        var grown = Random(10_000, 2);
        await h.WriteFileAsync("/f", grown);
        rec = await h.Store.GetInodeAsync(node, default);
        Assert.Null(rec!.InlineData);
        Assert.Equal(10_000UL, rec.Size);
        Assert.Equal([0UL, 1UL, 2UL], await h.Store.Blocks.ListBlocksAsync(node, 0, 100, default));
        Assert.Equal(grown, await h.ReadFileAsync("/f"));
        Assert.Equal((10_000UL + 511) / 512, (await h.StatAsync("/f")).Blocks);
    }

    [Fact]
    public async Task Truncate_down_zeroes_the_tail_and_deletes_blocks_truncate_up_makes_a_hole()
    {
        await using var h = await ddb.NewFileSystemAsync(blockSize: 4096, inlineLimit: 0);
        var data = Random(5 * 4096);
        await h.WriteFileAsync("/f", data);
        var node = await h.NodeAsync("/f");
        var before = await h.StatAsync("/f");
        await Task.Delay(5);

        var r = await h.Fs.SetAttr(h.Ctx(), node, new FuseSetAttributes { Fields = SetAttributeFields.Size, Size = 5000 });
        Assert.True(r.IsSuccess, $"errno {r.Error}");
        Assert.Equal(5000UL, r.Value.Attributes.Size);
        Assert.True(r.Value.Attributes.ModifyTime.TotalNanoseconds > before.ModifyTime.TotalNanoseconds);
        Assert.True(r.Value.Attributes.ChangeTime.TotalNanoseconds > before.ChangeTime.TotalNanoseconds);
        Assert.Equal([0UL, 1UL], await h.Store.Blocks.ListBlocksAsync(node, 0, 100, default));

        r = await h.Fs.SetAttr(h.Ctx(), node, new FuseSetAttributes { Fields = SetAttributeFields.Size, Size = 3 * 4096 });
        Assert.True(r.IsSuccess);
        var back = await h.ReadFileAsync("/f");
        Assert.Equal(3 * 4096, back.Length);
        Assert.Equal(data.AsSpan(0, 5000).ToArray(), back.AsSpan(0, 5000).ToArray());
        Assert.True(back.AsSpan(5000).IndexOfAnyExcept((byte)0) < 0, "bytes past the old end must read as zeros");

        // Another client sees the same.
        var other = new FsHarness(h.Store, new DynamoFileSystem(h.Store, h.Store.Blocks));
        Assert.Equal(back, await other.ReadFileAsync("/f"));
    }

    [Fact]
    public async Task Partial_block_overwrite_keeps_the_rest_of_the_block()
    {
        await using var h = await ddb.NewFileSystemAsync(blockSize: 4096, inlineLimit: 0);
        var data = Random(10_000);
        await h.WriteFileAsync("/f", data);
        var other = new FsHarness(h.Store, new DynamoFileSystem(h.Store, h.Store.Blocks));
        var node = await other.NodeAsync("/f");
        var o = await other.Fs.Open(other.Ctx(), node, 2, false);
        Assert.Equal(3, (await other.Fs.Write(other.Ctx(), node, o.Value.Handle, 4000, "abc"u8.ToArray(), false, null)).Value);
        await other.CloseAsync(node, o.Value.Handle);
        "abc"u8.CopyTo(data.AsSpan(4000));
        Assert.Equal(data, await h.ReadFileAsync("/f"));
    }

    [Fact]
    public async Task Seek_data_and_hole_follow_stored_and_dirty_blocks()
    {
        await using var h = await ddb.NewFileSystemAsync(blockSize: 4096, inlineLimit: 0);
        var (_, node, handle) = await h.CreateAsync("/sparse");
        Assert.True((await h.Fs.Write(h.Ctx(), node, handle, 3 * 4096 + 10, new byte[] { 1 }, false, null)).IsSuccess);
        Assert.Equal(0, await h.Fs.Flush(h.Ctx(), node, handle, 1));
        Assert.True((await h.Fs.Write(h.Ctx(), node, handle, 6 * 4096, new byte[] { 2 }, false, null)).IsSuccess); // dirty, not flushed
        long size = 6 * 4096 + 1;
        Assert.Equal(3 * 4096, (await h.Fs.Lseek(h.Ctx(), node, handle, 0, 3)).Value);
        Assert.Equal(0, (await h.Fs.Lseek(h.Ctx(), node, handle, 0, 4)).Value);
        Assert.Equal(4 * 4096, (await h.Fs.Lseek(h.Ctx(), node, handle, 3 * 4096, 4)).Value);
        Assert.Equal(6 * 4096, (await h.Fs.Lseek(h.Ctx(), node, handle, 4 * 4096, 3)).Value);
        Assert.Equal(size, (await h.Fs.Lseek(h.Ctx(), node, handle, 6 * 4096, 4)).Value);
        Assert.Equal(Errno.ENXIO, (await h.Fs.Lseek(h.Ctx(), node, handle, size, 3)).Error);
        await h.CloseAsync(node, handle);
        var st = await h.StatAsync("/sparse");
        Assert.Equal((ulong)size, st.Size);
        Assert.True(st.Blocks < (ulong)size / 512, "holes cost nothing");
    }

    [Fact]
    public async Task Handles_share_one_buffer_and_append_writes_at_the_end()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var (_, node, a) = await h.CreateAsync("/log");
        var b = (await h.Fs.Open(h.Ctx(), node, 1 | 0x400, false)).Value.Handle; // O_WRONLY|O_APPEND
        var reader = (await h.Fs.Open(h.Ctx(), node, 0, false)).Value.Handle;
        Assert.True((await h.Fs.Write(h.Ctx(), node, a, 0, "hello "u8.ToArray(), false, null)).IsSuccess);
        // The kernel would send offset 0 for the appender (it knows no size): the FS appends anyway.
        Assert.True((await h.Fs.Write(h.Ctx(), node, b, 0, "world"u8.ToArray(), false, null)).IsSuccess);
        var buf = new byte[64];
        var n = await h.Fs.Read(h.Ctx(), node, reader, 0, buf, null);
        Assert.Equal("hello world", System.Text.Encoding.ASCII.GetString(buf, 0, n.Value));
        await h.CloseAsync(node, a);
        await h.CloseAsync(node, b);
        await h.CloseAsync(node, reader);
        Assert.Equal("hello world"u8.ToArray(), await h.ReadFileAsync("/log"));
    }

    [Fact]
    public async Task Open_with_O_TRUNC_empties_the_file()
    {
        await using var h = await ddb.NewFileSystemAsync();
        await h.WriteFileAsync("/f", Random(50_000));
        var (e, handle) = await h.OpenAsync("/f", 1 | 0x200);
        Assert.Equal(0, e);
        await h.CloseAsync(await h.NodeAsync("/f"), handle);
        Assert.Equal(0UL, (await h.StatAsync("/f")).Size);
        Assert.Empty(await h.ReadFileAsync("/f"));
    }

    [Fact]
    public async Task Unlinked_open_file_lives_until_the_last_release()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var (_, node, handle) = await h.CreateAsync("/tmpfile");
        Assert.True((await h.Fs.Write(h.Ctx(), node, handle, 0, "still here"u8.ToArray(), false, null)).IsSuccess);
        Assert.Equal(0, await h.Fs.Unlink(h.Ctx(), 1, N("tmpfile")));
        Assert.Equal(-Errno.ENOENT, await h.ResolveAsync("/tmpfile"));
        var rec = await h.Store.GetInodeAsync(node, default);
        Assert.NotNull(rec);
        Assert.Equal(0u, rec!.Links);
        var attr = await h.Fs.GetAttr(h.Ctx(), node, handle);
        Assert.Equal(0u, attr.Value.Attributes.Links);
        Assert.Equal(0, await h.Fs.Flush(h.Ctx(), node, handle, 1));
        var buf = new byte[32];
        Assert.Equal(10, (await h.Fs.Read(h.Ctx(), node, handle, 0, buf, null)).Value);
        Assert.Equal(0, await h.Fs.Release(h.Ctx(), node, handle, 0, false, 1));
        Assert.Null(await h.Store.GetInodeAsync(node, default));
    }

    [Fact]
    public async Task Dirty_memory_stays_within_the_budget()
    {
        await using var h = await ddb.NewFileSystemAsync(blockSize: 16384, inlineLimit: 0,
            options: new FileSystemOptions { DirtyBytesLimit = 64 * 1024 });
        var (_, node, handle) = await h.CreateAsync("/big");
        var data = Random(1 << 20);
        long peak = 0;
        for (int off = 0; off < data.Length; off += 8192)
        {
            Assert.True((await h.Fs.Write(h.Ctx(), node, handle, off, data.AsMemory(off, 8192), false, null)).IsSuccess);
            peak = Math.Max(peak, h.Fs.DirtyBytes);
        }
        Assert.True(peak <= 64 * 1024 + 16384, $"peak dirty bytes {peak}");
        await h.CloseAsync(node, handle);
        Assert.Equal(0, h.Fs.DirtyBytes);
        Assert.Equal(data, await h.ReadFileAsync("/big"));
    }

    [Fact]
    public async Task Fallocate_extends_keep_size_does_not_and_others_are_unsupported()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var (_, node, handle) = await h.CreateAsync("/f");
        Assert.Equal(0, await h.Fs.Fallocate(h.Ctx(), node, handle, 0, 10_000, 0));
        Assert.Equal(0, await h.Fs.Fallocate(h.Ctx(), node, handle, 0, 50_000, 1));
        Assert.Equal(Errno.EOPNOTSUPP, await h.Fs.Fallocate(h.Ctx(), node, handle, 0, 100, 3));
        await h.CloseAsync(node, handle);
        Assert.Equal(10_000UL, (await h.StatAsync("/f")).Size);
        Assert.Equal(new byte[10_000], await h.ReadFileAsync("/f"));
    }

    [Fact]
    public async Task Copy_file_range_copies_through_the_buffers()
    {
        await using var h = await ddb.NewFileSystemAsync(blockSize: 4096);
        var data = Random(20_000);
        await h.WriteFileAsync("/src", data);
        var src = await h.NodeAsync("/src");
        var (_, dst, dh) = await h.CreateAsync("/dst");
        var sh = (await h.Fs.Open(h.Ctx(), src, 0, false)).Value.Handle;
        var r = await h.Fs.CopyFileRange(h.Ctx(), src, sh, 100, dst, dh, 0, 15_000, 0);
        Assert.Equal(15_000, r.Value);
        await h.CloseAsync(src, sh);
        await h.CloseAsync(dst, dh);
        Assert.Equal(data.AsSpan(100, 15_000).ToArray(), await h.ReadFileAsync("/dst"));
    }

    [Fact]
    public async Task Statfs_reports_a_large_capacity_and_name_length()
    {
        await using var h = await ddb.NewFileSystemAsync();
        var s = (await h.Fs.StatFs(h.Ctx(), 1)).Value;
        Assert.True(s.Blocks > 0 && s.BlocksFree <= s.Blocks && s.BlocksAvailable <= s.Blocks);
        Assert.True(s.Files > s.FilesFree || s.FilesFree > 0);
        Assert.Equal(255u, s.NameLength);
    }
}
