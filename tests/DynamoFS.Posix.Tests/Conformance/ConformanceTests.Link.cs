using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void Link_SameInodeAndNlinkCounts()
    {
        var f = MkFile("f", content: "data");
        Ok(Root.Link(f, P("g")));
        Ok(Root.Link(f, P("h")));
        var (a, b, c) = (St(f), St(P("g")), St(P("h")));
        Assert.Equal(a.Ino, b.Ino);
        Assert.Equal(a.Ino, c.Ino);
        Assert.Equal(3u, c.Nlink);
        Assert.Equal("data", ReadAll(P("h")));
    }

    [Fact]
    public void Link_UnlinkOneName_DecrementsNlinkAndKeepsData()
    {
        var f = MkFile("f", content: "data");
        Ok(Root.Link(f, P("g")));
        Ok(Root.Unlink(f));
        Assert.Equal(1u, St(P("g")).Nlink);
        Assert.Equal("data", ReadAll(P("g")));
    }

    [Fact]
    public void Link_TargetExists_EEXIST()
    {
        var f = MkFile("f");
        MkFile("g");
        MkDir("d");
        Is(Errno.EEXIST, Root.Link(f, P("g")));
        Is(Errno.EEXIST, Root.Link(f, P("d")));
        Assert.Equal(1u, St(f).Nlink);
    }

    [Fact]
    public void Link_MissingSource_ENOENT() => Is(Errno.ENOENT, Root.Link(P("missing"), P("g")));

    [Fact]
    public void Link_MissingTargetDirectory_ENOENT()
    {
        var f = MkFile("f");
        Is(Errno.ENOENT, Root.Link(f, P("nodir", "g")));
    }

    [Fact]
    public void Link_Directory_EPERM()
    {
        var d = MkDir("d");
        Is(Errno.EPERM, Root.Link(d, P("d2")));
        Is(Errno.EPERM, U1.Link(d, P("d3")));
    }

    [Fact]
    public void Link_WithoutWriteOnTargetDirectory_EACCES()
    {
        var f = MkFile("f", O("644"), U1Uid, U1Gid);
        var d = MkDir("d", O("755"));
        Is(Errno.EACCES, U1.Link(f, Path.Combine(d, "g")));
        Assert.Equal(1u, St(f).Nlink);
    }

    [Fact]
    public void Link_ByOwnerIntoWritableDirectory_Ok()
    {
        var f = MkFile("f", O("600"), U1Uid, U1Gid);
        var d = MkDir("d", O("755"), U1Uid, U1Gid);
        Ok(U1.Link(f, Path.Combine(d, "g")));
        Assert.Equal(2u, St(f).Nlink);
    }

    [Fact]
    public void Link_UpdatesCtimeOfInodeAndMtimeCtimeOfTargetDirectory()
    {
        var f = MkFile("f");
        var d = MkDir("d");
        var (fb, db) = (St(f), St(d));
        Tick();
        Ok(Root.Link(f, Path.Combine(d, "g")));
        var (fa, da) = (St(f), St(d));
        Assert.True(fa.Ctime > fb.Ctime, "inode ctime");
        Assert.Equal(fb.Mtime, fa.Mtime);
        Assert.True(da.Mtime > db.Mtime, "dir mtime");
        Assert.True(da.Ctime > db.Ctime, "dir ctime");
    }

    [Fact]
    public void Link_ToSymlink_LinksTheSymlinkItself()
    {
        // Linux link(2) does not follow a symlink source.
        MkFile("f");
        Ok(Root.Symlink("f", P("l")));
        Ok(Root.Link(P("l"), P("l2")));
        var st = Lst(P("l2"));
        Assert.True(st.IsLink);
        Assert.Equal(2u, st.Nlink);
        Assert.Equal(1u, St(P("f")).Nlink);
    }
}
