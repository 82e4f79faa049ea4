namespace DynamoFS.Fuse.Tests.Memory;

/// <summary>
/// File contents stored as 4 KiB pages in a dictionary, so holes cost nothing and
/// SEEK_DATA/SEEK_HOLE have real answers. Pages absent from the dictionary read as zeros.
/// Not thread-safe: the file system serializes access under its own lock.
/// </summary>
internal sealed class SparseData
{
    public const int PageSize = 4096;

    private readonly SortedDictionary<long, byte[]> _pages = new();

    /// <summary>Logical size (st_size); may exceed the allocated pages (holes) or fall short of them (KEEP_SIZE).</summary>
    public long Size { get; private set; }

    /// <summary>Allocated 512-byte blocks, as st_blocks reports them.</summary>
    public ulong Blocks => (ulong)_pages.Count * (PageSize / 512);

    public int Read(long offset, Span<byte> destination)
    {
        if (offset >= Size) return 0;
        int count = (int)Math.Min(destination.Length, Size - offset);
        var target = destination[..count];
        int done = 0;
        while (done < count)
        {
            long pos = offset + done;
            long pageIndex = pos / PageSize;
            int inPage = (int)(pos % PageSize);
            int chunk = Math.Min(PageSize - inPage, count - done);
            if (_pages.TryGetValue(pageIndex, out var page)) page.AsSpan(inPage, chunk).CopyTo(target.Slice(done, chunk));
            else target.Slice(done, chunk).Clear();
            done += chunk;
        }
        return count;
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        int done = 0;
        while (done < data.Length)
        {
            long pos = offset + done;
            int inPage = (int)(pos % PageSize);
            int chunk = Math.Min(PageSize - inPage, data.Length - done);
            data.Slice(done, chunk).CopyTo(PageAt(pos / PageSize).AsSpan(inPage, chunk));
            done += chunk;
        }
        Size = Math.Max(Size, offset + data.Length);
    }

    /// <summary>Truncates or extends; bytes past the new end are dropped so a later extension reads zeros.</summary>
    public void SetSize(long size)
    {
        if (size < Size)
        {
            long firstDropped = (size + PageSize - 1) / PageSize;
            foreach (var index in _pages.Keys.Where(k => k >= firstDropped).ToList()) _pages.Remove(index);
            int tail = (int)(size % PageSize);
            if (tail != 0 && _pages.TryGetValue(size / PageSize, out var last)) last.AsSpan(tail).Clear();
        }
        Size = size;
    }

    /// <summary>Allocates zeroed pages over the range (fallocate mode 0 / KEEP_SIZE).</summary>
    public void Allocate(long offset, long length, bool keepSize)
    {
        for (long index = offset / PageSize; index * PageSize < offset + length; index++) PageAt(index);
        if (!keepSize) Size = Math.Max(Size, offset + length);
    }

    /// <summary>SEEK_DATA: the first offset at or after <paramref name="offset"/> inside an allocated page, or -1 (ENXIO).</summary>
    public long SeekData(long offset)
    {
        if (offset >= Size) return -1;
        foreach (var index in _pages.Keys)
        {
            long start = index * PageSize, end = start + PageSize;
            if (end <= offset) continue;
            long found = Math.Max(start, offset);
            return found < Size ? found : -1;
        }
        return -1;
    }

    /// <summary>SEEK_HOLE: the first offset at or after <paramref name="offset"/> not inside an allocated page (EOF counts as a hole), or -1.</summary>
    public long SeekHole(long offset)
    {
        if (offset >= Size) return -1;
        long pos = offset;
        while (pos < Size && _pages.ContainsKey(pos / PageSize)) pos = (pos / PageSize + 1) * PageSize;
        return Math.Min(pos, Size);
    }

    private byte[] PageAt(long index)
    {
        if (!_pages.TryGetValue(index, out var page)) _pages[index] = page = new byte[PageSize];
        return page;
    }
}
