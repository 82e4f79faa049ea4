namespace DynamoFS.Core;

/// <summary>
/// Offset arithmetic over fixed-size blocks: which blocks a byte range touches, where a block
/// starts, how much of a block lies inside a file of a given size.
/// </summary>
internal readonly struct BlockMath
{
    public BlockMath(int blockSize)
    {
        if (blockSize <= 0 || (blockSize & (blockSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "block size must be a power of two");
        BlockSize = blockSize;
    }

    public int BlockSize { get; }

    public ulong IndexOf(long offset) => (ulong)offset / (ulong)BlockSize;

    public long StartOf(ulong index) => (long)index * BlockSize;

    public int OffsetIn(long offset) => (int)(offset & (BlockSize - 1));

    /// <summary>Number of blocks a file of <paramref name="size"/> bytes spans (ceil(size / block)).</summary>
    public ulong CountFor(long size) => size <= 0 ? 0 : (ulong)((size - 1) / BlockSize) + 1;

    /// <summary>Bytes of block <paramref name="index"/> inside a file of <paramref name="size"/> bytes.</summary>
    public int ValidLength(ulong index, long size)
    {
        long start = StartOf(index);
        if (size <= start) return 0;
        return (int)Math.Min(BlockSize, size - start);
    }

    /// <summary>The blocks [first, last] that bytes [offset, offset+length) touch; length must be &gt; 0.</summary>
    public (ulong First, ulong Last) Range(long offset, long length) => (IndexOf(offset), IndexOf(offset + length - 1));

    /// <summary>Length of <paramref name="data"/> without its trailing zero bytes (what a block item needs to store).</summary>
    public static int TrimmedLength(ReadOnlySpan<byte> data)
    {
        int i = data.LastIndexOfAnyExcept((byte)0);
        return i + 1;
    }
}
