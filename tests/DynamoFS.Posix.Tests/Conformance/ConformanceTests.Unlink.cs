using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void Unlink_RemovesNameAndDecrementsNlink()
    {
        var f = MkFile("f");
        Ok(Root.Link(f, P("g")));
        Ok(Root.Unlink(f));
        Assert.False(Exists(f));
        Assert.Equal(1u, St(P("g")).Nlink);
        Ok(Root.Unlink(P("g")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Dir));
    }

    [Fact]
    public void Unlink_Directory_EISDIR()
    {
        // POSIX allows EPERM; Linux answers EISDIR.
        MkDir("d");
        Is(Errno.EISDIR, Root.Unlink(P("d")));
        Is(Errno.EISDIR, U1.Unlink(P("d")));
    }

    [Fact]
    public void Unlink_Missing_ENOENT() => Is(Errno.ENOENT, Root.Unlink(P("missing")));

    [Fact]
    public void Unlink_Symlink_RemovesLinkNotTarget()
    {
        MkFile("f");
        Ok(Root.Symlink("f", P("l")));
        Ok(Root.Unlink(P("l")));
        Assert.True(Exists(P("f")));
        Assert.False(Exists(P("l")));
    }

    [Fact]
    public void Unlink_FifoAndDeviceNodes()
    {
        Ok(Root.Mkfifo(P("p"), O("644")));
        Ok(Root.Unlink(P("p")));
        if (Caps.SupportsDeviceNodes)
        {
            Ok(Root.Mknod(P("c"), Mode.S_IFCHR | O("644"), 1, 3));
            Ok(Root.Unlink(P("c")));
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(Dir));
    }

    [Fact]
    public void Unlink_WithoutWriteOnParent_EACCES()
    {
        MkDir("d", O("755"));
        var f = MkFile(Path.Combine("d", "f"), O("666"), U1Uid, U1Gid);
        Is(Errno.EACCES, U1.Unlink(f));
        Assert.True(Exists(f));
    }

    [Fact]
    public void Unlink_ReadOnlyFileInWritableDirectory_Ok()
    {
        // Removing a name needs write on the directory, not on the file.
        MkDir("d", O("777"));
        var f = MkFile(Path.Combine("d", "f"), O("444"));
        Ok(U1.Unlink(f));
    }

    [Fact]
    public void Unlink_StickyDirectory_NonOwner_EPERM()
    {
        MkDir("s", O("1777"));
        var f = MkFile(Path.Combine("s", "f"), O("666"), U1Uid, U1Gid);
        Is(Errno.EPERM, U2.Unlink(f));
        Is(Errno.EPERM, Outsider.Unlink(f));
        Assert.True(Exists(f));
    }

    [Fact]
    public void Unlink_StickyDirectory_OwnerOfFile_Ok()
    {
        MkDir("s", O("1777"));
        var f = MkFile(Path.Combine("s", "f"), O("600"), U1Uid, U1Gid);
        Ok(U1.Unlink(f));
    }

    [Fact]
    public void Unlink_StickyDirectory_OwnerOfDirectory_Ok()
    {
        MkDir("s", O("1777"), U2Uid, U2Gid);
        var f = MkFile(Path.Combine("s", "f"), O("600"), U1Uid, U1Gid);
        Ok(U2.Unlink(f));
    }

    [Fact]
    public void Unlink_StickyDirectory_Root_Ok()
    {
        MkDir("s", O("1777"), U2Uid, U2Gid);
        var f = MkFile(Path.Combine("s", "f"), O("600"), U1Uid, U1Gid);
        Ok(Root.Unlink(f));
    }

    [Fact]
    public void Unlink_WhileOpen_DataStaysReadableAndWritableUntilClose()
    {
        var f = MkFile("f", content: "before");
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDWR);
        Ok(Root.Unlink(f));
        Assert.False(Exists(f));
        Assert.Equal(0u, fd.Stat().Nlink);
        Ok(fd.PRead(0, 100, out var data));
        Assert.Equal("before"u8.ToArray(), data);
        Ok(fd.PWrite("AFTER!"u8, 6));
        Ok(fd.PRead(0, 100, out data));
        Assert.Equal("beforeAFTER!"u8.ToArray(), data);
        Ok(fd.Truncate(3));
        Assert.Equal(3, fd.Stat().Size);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Dir));
    }

    [Fact]
    public void Unlink_UpdatesParentTimesAndCtimeOfRemainingLink()
    {
        var f = MkFile("f");
        Ok(Root.Link(f, P("g")));
        var (pb, gb) = (St(Dir), St(P("g")));
        Tick();
        Ok(Root.Unlink(f));
        var (pa, ga) = (St(Dir), St(P("g")));
        Assert.True(pa.Mtime > pb.Mtime && pa.Ctime > pb.Ctime, "parent mtime/ctime");
        Assert.True(ga.Ctime > gb.Ctime, "remaining link ctime");
        Assert.Equal(gb.Mtime, ga.Mtime);
    }
}
