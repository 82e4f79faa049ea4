using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>FALLOCATE, LSEEK (SEEK_DATA/SEEK_HOLE) and COPY_FILE_RANGE against 4 KiB sparse pages.</summary>
public sealed class SparseFileTests
{
    private const int Page = 4096;

    [Fact]
    public async Task SeekDataAndHoleFindThePages()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            int fd = Sys.OpenOrThrow(m["sparse"], Sys.ORdWr | Sys.OCreat);
            Sys.PWrite(fd, new byte[Page], 4 * Page).Check();  // data in page 4 only
            Sys.FTruncate(fd, 10 * Page).Check();               // hole up to the end

            Assert.Equal(4 * Page, Sys.LSeek(fd, 0, Sys.SeekData).Check());
            Assert.Equal(4 * Page + 10, Sys.LSeek(fd, 4 * Page + 10, Sys.SeekData).Check());
            Assert.Equal(0, Sys.LSeek(fd, 0, Sys.SeekHole).Check());
            Assert.Equal(5 * Page, Sys.LSeek(fd, 4 * Page, Sys.SeekHole).Check());
            Assert.Equal(Errno.ENXIO, Sys.LSeek(fd, 5 * Page, Sys.SeekData).Errno);
            Assert.Equal(Errno.ENXIO, Sys.LSeek(fd, 10 * Page, Sys.SeekHole).Errno);
            Sys.FStat(fd, out var st).Check();
            Assert.Equal(8UL, st.Blocks); // one 4 KiB page = 8 sectors
            Sys.Close(fd).Check();
        });
        Assert.True(m.Fs.Calls.Count(Op.Lseek) >= 6);
    }

    [Fact]
    public async Task FallocateAllocatesAndKeepSizeDoesNotGrow()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            int fd = Sys.OpenOrThrow(m["alloc"], Sys.ORdWr | Sys.OCreat);
            Sys.Fallocate(fd, 0, 0, 3 * Page).Check();
            Sys.FStat(fd, out var st).Check();
            Assert.Equal(3UL * Page, st.Size);
            Assert.Equal(24UL, st.Blocks);
            Assert.Equal(0, Sys.LSeek(fd, 0, Sys.SeekData).Check()); // allocated pages are data

            Sys.Fallocate(fd, Sys.FallocKeepSize, 3 * Page, 2 * Page).Check();
            Sys.FStat(fd, out st).Check();
            Assert.Equal(3UL * Page, st.Size);
            Assert.Equal(40UL, st.Blocks);

            Assert.Equal(Errno.EOPNOTSUPP, Sys.Fallocate(fd, Sys.FallocPunchHole | Sys.FallocKeepSize, 0, Page).Errno);
            Sys.Close(fd).Check();
        });
        Assert.True(m.Fs.Calls.Count(Op.Fallocate) >= 3);
    }

    [Fact]
    public async Task CopyFileRangeCopiesInsideTheFileSystem()
    {
        await using var m = await MemoryMount.StartAsync();
        var data = new byte[3 * Page + 123];
        Random.Shared.NextBytes(data);
        await m.Run(() =>
        {
            File.WriteAllBytes(m["src"], data);
            int fin = Sys.OpenOrThrow(m["src"], Sys.ORdOnly);
            int fout = Sys.OpenOrThrow(m["dst"], Sys.OWrOnly | Sys.OCreat);
            Assert.Equal(data.Length - 100, Sys.CopyFileRange(fin, 100, fout, 7, data.Length).Check());
            Sys.Close(fin).Check();
            Sys.Close(fout).Check();
            var copied = File.ReadAllBytes(m["dst"]);
            Assert.Equal(new byte[7], copied[..7]);
            Assert.Equal(data[100..], copied[7..]);
        });
        Assert.True(m.Fs.Calls.Count(Op.CopyFileRange) >= 1);
    }
}
