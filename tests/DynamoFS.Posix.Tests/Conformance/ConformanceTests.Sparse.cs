using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    private const long MiB = 1024 * 1024;

    /// <summary>A file of 8 MiB with 4 KiB of data at 0 and at 4 MiB and holes elsewhere.</summary>
    private string MakeSparse()
    {
        var f = P("sparse");
        using var fd = Sys.OpenFd(f, OpenFlags.O_CREAT | OpenFlags.O_RDWR, O("644"));
        var block = Enumerable.Repeat((byte)0xAB, 4096).ToArray();
        Ok(fd.PWrite(block, 0));
        Ok(fd.PWrite(block, 4 * MiB));
        Ok(fd.Truncate(8 * MiB));
        return f;
    }

    [Fact]
    public void Sparse_BlocksBelowSize()
    {
        var st = St(MakeSparse());
        Assert.Equal(8 * MiB, st.Size);
        if (Caps.SparseFiles) Assert.True(st.Blocks * 512 < st.Size / 4, $"st_blocks {st.Blocks}");
    }

    [Fact]
    public void Sparse_HoleReadsAsZeros()
    {
        var f = MakeSparse();
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDONLY);
        Ok(fd.PRead(MiB, 8192, out var hole));
        Assert.Equal(8192, hole.Length);
        Assert.All(hole, b => Assert.Equal(0, b));
        Ok(fd.PRead(4 * MiB, 4096, out var data));
        Assert.All(data, b => Assert.Equal(0xAB, b));
        Ok(fd.PRead(8 * MiB - 10, 100, out var tail));
        Assert.Equal(10, tail.Length);
    }

    [Fact]
    public void Sparse_SeekDataAndHole()
    {
        var f = MakeSparse();
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDONLY);
        Ok(fd.Seek(0, Libc.SEEK_DATA, out var data0));
        Assert.Equal(0, data0);
        Ok(fd.Seek(0, Libc.SEEK_HOLE, out var hole0));
        Ok(fd.Seek(hole0, Libc.SEEK_DATA, out var data1));
        Ok(fd.Seek(data1, Libc.SEEK_HOLE, out var hole1));
        if (Caps.SeekHoleReportsHoles)
        {
            Assert.Equal(4096, hole0);
            Assert.Equal(4 * MiB, data1);
            Assert.Equal(4 * MiB + 4096, hole1);
        }
        else
        {
            Assert.Equal(8 * MiB, hole0); // the whole file as data, the only hole at EOF
        }
    }

    [Fact]
    public void Sparse_SeekDataPastLastData_ENXIO()
    {
        var f = MakeSparse();
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDONLY);
        if (Caps.SeekHoleReportsHoles) Is(Errno.ENXIO, fd.Seek(4 * MiB + 8192, Libc.SEEK_DATA, out _));
        Is(Errno.ENXIO, fd.Seek(8 * MiB, Libc.SEEK_DATA, out _));
        Is(Errno.ENXIO, fd.Seek(8 * MiB + 1, Libc.SEEK_HOLE, out _));
        Ok(fd.Seek(8 * MiB - 1, Libc.SEEK_HOLE, out var h));
        // Inside a hole SEEK_HOLE returns the offset itself; without hole reporting, the virtual hole at EOF.
        Assert.Equal(Caps.SeekHoleReportsHoles ? 8 * MiB - 1 : 8 * MiB, h);
    }

    [Fact]
    public void Lseek_EndAndBeyondEof()
    {
        var f = MkFile("f", content: "0123456789");
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDWR);
        Ok(fd.Seek(-3, Libc.SEEK_END, out var pos));
        Assert.Equal(7, pos);
        Is(Errno.EINVAL, fd.Seek(-100, Libc.SEEK_SET, out _));
        Ok(fd.Seek(100, Libc.SEEK_SET, out _));
        Ok(fd.Write("x"));
        Assert.Equal(101, St(f).Size);
    }

    [Fact]
    public void Fallocate_Mode0_ExtendsSizeAndAllocates()
    {
        var f = MkFile("f");
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDWR);
        Ok(fd.Fallocate(FallocMode.Default, 0, MiB));
        var st = St(f);
        Assert.Equal(MiB, st.Size);
        Assert.True(st.Blocks * 512 >= MiB, $"st_blocks {st.Blocks}");
        Ok(fd.PRead(0, 100, out var data));
        Assert.All(data, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Fallocate_Mode0_InsideFile_KeepsDataAndSize()
    {
        var f = MkFile("f", content: new string('x', 10_000));
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDWR);
        Ok(fd.Fallocate(FallocMode.Default, 0, 5000));
        Assert.Equal(10_000, St(f).Size);
        Assert.Equal(new string('x', 10_000), ReadAll(f));
    }

    [Fact]
    public void Fallocate_KeepSize_AllocatesWithoutChangingSize()
    {
        var f = MkFile("f", content: "abc");
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDWR);
        var blocksBefore = St(f).Blocks;
        Ok(fd.Fallocate(FallocMode.KeepSize, 0, MiB));
        var st = St(f);
        Assert.Equal(3, st.Size);
        if (Caps.SparseFiles) Assert.True(st.Blocks > blocksBefore, $"st_blocks {blocksBefore} -> {st.Blocks}");
        Assert.Equal("abc", ReadAll(f));
    }

    [Fact]
    public void Fallocate_PunchHole_ZerosRangeKeepsSize()
    {
        var f = MkFile("f", content: new string('x', 3 * 4096));
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDWR);
        var e = fd.Fallocate(FallocMode.PunchHole | FallocMode.KeepSize, 4096, 4096);
        if (!Caps.SupportedFallocateModes.HasFlag(FallocMode.PunchHole))
        {
            Is(Errno.EOPNOTSUPP, e);
            return;
        }
        Ok(e);
        Assert.Equal(3 * 4096, St(f).Size);
        Ok(fd.PRead(0, 3 * 4096, out var data));
        Assert.All(data[..4096], b => Assert.Equal((byte)'x', b));
        Assert.All(data[4096..8192], b => Assert.Equal(0, b));
        Assert.All(data[8192..], b => Assert.Equal((byte)'x', b));
    }

    [Fact]
    public void Fallocate_PunchHoleWithoutKeepSize_EOPNOTSUPP()
    {
        // The VFS requires PUNCH_HOLE to be combined with KEEP_SIZE.
        using var fd = Sys.OpenFd(MkFile("f", content: "abc"), OpenFlags.O_RDWR);
        Is(Errno.EOPNOTSUPP, fd.Fallocate(FallocMode.PunchHole, 0, 1));
    }

    [Theory]
    [InlineData(FallocMode.ZeroRange)]
    [InlineData(FallocMode.CollapseRange)]
    [InlineData(FallocMode.InsertRange)]
    public void Fallocate_OtherModes_SupportedOrEOPNOTSUPP(FallocMode mode)
    {
        var f = MkFile("f", content: new string('x', 4 * 4096));
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDWR);
        var e = fd.Fallocate(mode, 4096, 4096);
        if (Caps.SupportedFallocateModes.HasFlag(mode)) Ok(e);
        else Is(Errno.EOPNOTSUPP, e); // tmpfs: only PUNCH_HOLE and KEEP_SIZE
    }

    [Fact]
    public void Fallocate_ZeroLength_EINVAL()
    {
        using var fd = Sys.OpenFd(MkFile("f"), OpenFlags.O_RDWR);
        Is(Errno.EINVAL, fd.Fallocate(FallocMode.Default, 0, 0));
        Is(Errno.EINVAL, fd.Fallocate(FallocMode.Default, -1, 10));
    }

    [Fact]
    public void Fallocate_ReadOnlyDescriptor_EBADF()
    {
        using var fd = Sys.OpenFd(MkFile("f"), OpenFlags.O_RDONLY);
        Is(Errno.EBADF, fd.Fallocate(FallocMode.Default, 0, 4096));
    }
}
