namespace DynamoFS.DynamoDb.Tests.Store;

public sealed class BlockStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Blocks_round_trip_with_holes_trimmed_tails_and_huge_indices()
    {
        await using var fs = await TestFileSystem.CreateAsync(blockSize: 4096);
        var blocks = fs.Store.Blocks;
        ulong far = (5UL << 30) / 4096 + 3; // beyond 4 GiB
        byte[] full = Enumerable.Range(0, 4096).Select(i => (byte)(i % 251 + 1)).ToArray();
        byte[] tail = new byte[4096];
        tail[0] = 7;
        tail[100] = 9; // then zeros: stored as 101 bytes
        await blocks.WriteBlocksAsync(10, new Dictionary<ulong, ReadOnlyMemory<byte>>
        {
            [0] = full,
            [2] = tail,
            [far] = full,
            [5] = new byte[4096], // all zeros: a hole
        }, None);

        var read = await blocks.ReadBlocksAsync(10, [0, 1, 2, 5, far], None);
        Assert.Equal([0UL, 2UL, far], read.Keys.Order());
        Assert.Equal(full, read[0]);
        Assert.Equal(101, read[2].Length);
        Assert.Equal(tail.AsSpan(0, 101).ToArray(), read[2]);
        Assert.Equal(full, read[far]);
        Assert.Equal(full, (await blocks.ReadBlocksAsync(10, [far], None))[far]);
        Assert.Empty(await blocks.ReadBlocksAsync(10, [1], None));

        Assert.Equal([0UL, 2UL], await blocks.ListBlocksAsync(10, 0, 150, None));
        Assert.Equal([far], await blocks.ListBlocksAsync(10, far - 5, far + 5, None));

        // Overwriting a block with zeros makes it a hole again.
        await blocks.WriteBlocksAsync(10, new Dictionary<ulong, ReadOnlyMemory<byte>> { [2] = new byte[10] }, None);
        Assert.Equal([0UL], await blocks.ListBlocksAsync(10, 0, 10, None));

        await blocks.DeleteBlocksAsync(10, 0, 60, None);
        Assert.Empty(await blocks.ListBlocksAsync(10, 0, 60, None));
        Assert.Single(await blocks.ReadBlocksAsync(10, [far], None));
    }

    [Fact]
    public async Task Many_blocks_read_in_batches()
    {
        await using var fs = await TestFileSystem.CreateAsync(blockSize: 4096);
        var blocks = fs.Store.Blocks;
        var data = Enumerable.Range(0, 250).ToDictionary(i => (ulong)i, i => (ReadOnlyMemory<byte>)Enumerable.Repeat((byte)(i + 1), 4096).ToArray());
        await blocks.WriteBlocksAsync(3, data, None);
        var read = await blocks.ReadBlocksAsync(3, Enumerable.Range(0, 300).Select(i => (ulong)i).ToArray(), None);
        Assert.Equal(250, read.Count);
        Assert.All(read, kv => Assert.Equal((byte)(kv.Key + 1), kv.Value[4095]));
        Assert.Equal(250, (await blocks.ListBlocksAsync(3, 0, 299, None)).Count);
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await blocks.WriteBlocksAsync(3, new Dictionary<ulong, ReadOnlyMemory<byte>> { [0] = new byte[4097] }, None));
    }
}
