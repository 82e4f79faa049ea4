using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void Truncate_Up_ExtendsWithZeros()
    {
        var f = MkFile("f", content: "abc");
        Ok(Root.Truncate(f, 10_000));
        Assert.Equal(10_000, St(f).Size);
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDONLY);
        Ok(fd.PRead(0, 20_000, out var data));
        Assert.Equal(10_000, data.Length);
        Assert.Equal("abc"u8.ToArray(), data[..3]);
        Assert.All(data[3..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Truncate_Down_KeepsPrefix()
    {
        var f = MkFile("f", content: "abcdefgh");
        Ok(Root.Truncate(f, 3));
        Assert.Equal(3, St(f).Size);
        Assert.Equal("abc", ReadAll(f));
    }

    [Fact]
    public void Truncate_DownThenUp_OldBytesAreGoneZerosReturned()
    {
        var f = MkFile("f", content: "abcdefgh");
        Ok(Root.Truncate(f, 2));
        Ok(Root.Truncate(f, 8));
        Assert.Equal("ab\0\0\0\0\0\0", ReadAll(f));
    }

    [Fact]
    public void Truncate_UpdatesMtimeAndCtime()
    {
        var f = MkFile("f", content: "abc");
        var before = St(f);
        Tick();
        Ok(Root.Truncate(f, 1));
        var after = St(f);
        Assert.True(after.Mtime > before.Mtime);
        Assert.True(after.Ctime > before.Ctime);
    }

    [Fact]
    public void Ftruncate_UpdatesMtimeAndCtime()
    {
        var f = MkFile("f", content: "abc");
        var before = St(f);
        Tick();
        using (var fd = Sys.OpenFd(f, OpenFlags.O_RDWR)) Ok(fd.Truncate(100));
        var after = St(f);
        Assert.Equal(100, after.Size);
        Assert.True(after.Mtime > before.Mtime);
        Assert.True(after.Ctime > before.Ctime);
    }

    [Fact]
    public void Truncate_Directory_EISDIR()
    {
        MkDir("d");
        Is(Errno.EISDIR, Root.Truncate(P("d"), 0));
    }

    [Fact]
    public void Truncate_WithoutWritePermission_EACCES()
    {
        var f = MkFile("f", O("644"), content: "abc");
        Is(Errno.EACCES, U1.Truncate(f, 0));
        Assert.Equal(3, St(f).Size);
        var mine = MkFile("mine", O("444"), U1Uid, U1Gid, "abc");
        Is(Errno.EACCES, U1.Truncate(mine, 0)); // even the owner needs the w bit
    }

    [Fact]
    public void Truncate_GroupWriter_Ok()
    {
        var f = MkFile("f", O("620"), U1Uid, G1, "abc");
        Ok(U2.Truncate(f, 1));
        Assert.Equal(1, St(f).Size);
    }

    [Fact]
    public void Truncate_Negative_EINVAL()
    {
        var f = MkFile("f", content: "abc");
        Is(Errno.EINVAL, Root.Truncate(f, -1));
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDWR);
        Is(Errno.EINVAL, fd.Truncate(-1));
    }

    [Fact]
    public void Ftruncate_OnReadOnlyDescriptor_EINVAL()
    {
        // Linux: EINVAL (not EBADF) when fd is not open for writing.
        var f = MkFile("f", content: "abc");
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDONLY);
        Is(Errno.EINVAL, fd.Truncate(0));
    }

    [Fact]
    public void Ftruncate_WorksAfterModeRemovedOnceOpen()
    {
        var f = MkFile("f", content: "abc");
        using var fd = Sys.OpenFd(f, OpenFlags.O_WRONLY);
        Ok(Root.Chmod(f, 0));
        Ok(fd.Truncate(1));
        Assert.Equal(1, St(f).Size);
    }

    [Fact]
    public void Truncate_Missing_ENOENT() => Is(Errno.ENOENT, Root.Truncate(P("missing"), 0));

    [Fact]
    public void Truncate_ByNonRoot_ClearsSuid()
    {
        var f = MkFile("f", O("4777"), U2Uid, U2Gid, "abc");
        Ok(U1.Truncate(f, 1));
        AssertMode(O("777"), f);
    }

    [Fact]
    public void Write_ByNonRoot_ClearsSuidAndSgid()
    {
        var f = MkFile("f", O("6777"), U2Uid, G1, "abc");
        Ok(U1.Write(f, "x"));
        AssertMode(O("777"), f);
    }

    [Fact]
    public void Write_ByNonRootOwner_ClearsSuid()
    {
        var f = MkFile("f", O("4755"), U1Uid, U1Gid, "abc");
        Ok(U1.Write(f, "x"));
        AssertMode(O("755"), f);
    }

    [Fact]
    public void Write_ByRoot_KeepsSuid()
    {
        var f = MkFile("f", O("6755"), U1Uid, U1Gid, "abc");
        Ok(Root.Write(f, "x"));
        AssertMode(O("6755"), f);
    }
}
