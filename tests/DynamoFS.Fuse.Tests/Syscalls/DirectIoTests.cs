using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>O_DIRECT bypasses the page cache: every byte crosses /dev/fuse as WRITE and READ payloads.</summary>
public sealed class DirectIoTests
{
    [Theory]
    [InlineData(1 << 20)]
    [InlineData((3 << 20) + 3 * 4096)] // several maximum-size requests plus a partial one
    public async Task LargeDirectWriteAndReadRoundTrip(int size)
    {
        await using var m = await MemoryMount.StartAsync();
        using var source = new AlignedBuffer(size);
        using var back = new AlignedBuffer(size);
        Random.Shared.NextBytes(source.Span);
        await m.Run(() =>
        {
            int fd = (int)Sys.Open(m["direct"], Sys.ORdWr | Sys.OCreat | Sys.ODirect).Check("open O_DIRECT");
            Assert.Equal(size, Sys.PWrite(fd, source, 0).Check("pwrite"));
            Assert.Equal(size, Sys.PRead(fd, back, 0).Check("pread"));
            Sys.Close(fd).Check();
        });
        Assert.True(source.Span.SequenceEqual(back.Span));
        Assert.True(m.Fs.Calls.Count(Op.Write) >= 1);
        Assert.True(m.Fs.Calls.Count(Op.Read) >= 1);
    }

    /// <summary>
    /// With MAX_PAGES negotiated (and fs.fuse.max_pages_limit at its default 256), a 1 MiB
    /// O_DIRECT read or write travels as one request; at the 128 KiB default it would take eight.
    /// </summary>
    [Fact]
    public async Task OneMebibyteDirectIoIsOneRequest()
    {
        if (int.TryParse(File.ReadAllText("/proc/sys/fs/fuse/max_pages_limit").Trim(), out int limit) && limit < 256) return;
        await using var m = await MemoryMount.StartAsync();
        using var buffer = new AlignedBuffer(1 << 20);
        int reads = 0, writes = 0;
        await m.Run(() =>
        {
            int fd = (int)Sys.Open(m["direct"], Sys.ORdWr | Sys.OCreat | Sys.ODirect).Check("open O_DIRECT");
            int w0 = m.Fs.Calls.Count(Op.Write);
            Sys.PWrite(fd, buffer, 0).Check("pwrite");
            writes = m.Fs.Calls.Count(Op.Write) - w0;
            int r0 = m.Fs.Calls.Count(Op.Read);
            Sys.PRead(fd, buffer, 0).Check("pread");
            reads = m.Fs.Calls.Count(Op.Read) - r0;
            Sys.Close(fd).Check();
        });
        Assert.Equal(1, writes);
        Assert.Equal(1, reads);
    }
}
