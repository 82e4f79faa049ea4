using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void Rmdir_EmptyDirectory_RemovedAndParentNlinkMinusOne()
    {
        var d = MkDir("d");
        var nlink = St(Dir).Nlink;
        Ok(Root.Rmdir(d));
        Assert.False(Exists(d));
        Assert.Equal(nlink - 1, St(Dir).Nlink);
    }

    [Fact]
    public void Rmdir_NonEmpty_ENOTEMPTY()
    {
        MkDir("d");
        MkFile(Path.Combine("d", "f"));
        Is(Errno.ENOTEMPTY, Root.Rmdir(P("d")));
        MkDir("e");
        MkDir(Path.Combine("e", "sub"));
        Is(Errno.ENOTEMPTY, Root.Rmdir(P("e")));
    }

    [Fact]
    public void Rmdir_File_ENOTDIR()
    {
        MkFile("f");
        Is(Errno.ENOTDIR, Root.Rmdir(P("f")));
    }

    [Fact]
    public void Rmdir_SymlinkToDirectory_ENOTDIR()
    {
        MkDir("d");
        Ok(Root.Symlink("d", P("l")));
        Is(Errno.ENOTDIR, Root.Rmdir(P("l")));
    }

    [Fact]
    public void Rmdir_Dot_EINVAL()
    {
        MkDir("d");
        Is(Errno.EINVAL, Root.Rmdir(P("d", ".")));
    }

    [Fact]
    public void Rmdir_DotDot_ENOTEMPTY()
    {
        // Linux answers ENOTEMPTY for a trailing "..", whatever the directory holds.
        MkDir("d");
        Is(Errno.ENOTEMPTY, Root.Rmdir(P("d", "..")));
    }

    [Fact]
    public void Rmdir_Missing_ENOENT() => Is(Errno.ENOENT, Root.Rmdir(P("missing")));

    [Fact]
    public void Rmdir_WithoutWriteOnParent_EACCES()
    {
        MkDir("p", O("755"));
        var d = MkDir(Path.Combine("p", "d"), O("777"), U1Uid, U1Gid);
        Is(Errno.EACCES, U1.Rmdir(d));
        Assert.True(Exists(d));
    }

    [Fact]
    public void Rmdir_StickyParent_NonOwner_EPERM()
    {
        MkDir("s", O("1777"));
        var d = MkDir(Path.Combine("s", "d"), O("777"), U1Uid, U1Gid);
        Is(Errno.EPERM, U2.Rmdir(d));
        Assert.True(Exists(d));
    }

    [Fact]
    public void Rmdir_StickyParent_OwnerOfDirectory_Ok()
    {
        MkDir("s", O("1777"));
        var d = MkDir(Path.Combine("s", "d"), O("755"), U1Uid, U1Gid);
        Ok(U1.Rmdir(d));
    }

    [Fact]
    public void Rmdir_StickyParent_OwnerOfParent_Ok()
    {
        MkDir("s", O("1777"), U2Uid, U2Gid);
        var d = MkDir(Path.Combine("s", "d"), O("755"), U1Uid, U1Gid);
        Ok(U2.Rmdir(d));
    }

    [Fact]
    public void Rmdir_UpdatesParentMtimeAndCtime()
    {
        var d = MkDir("d");
        var before = St(Dir);
        Tick();
        Ok(Root.Rmdir(d));
        var after = St(Dir);
        Assert.True(after.Mtime > before.Mtime);
        Assert.True(after.Ctime > before.Ctime);
    }

    [Fact]
    public void Rmdir_CurrentDirectoryOfOpenHandle_StillSucceeds()
    {
        var d = MkDir("d");
        using var fd = Sys.OpenFd(d, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        Ok(Root.Rmdir(d));
        Assert.Equal(0u, fd.Stat().Nlink);
    }
}
