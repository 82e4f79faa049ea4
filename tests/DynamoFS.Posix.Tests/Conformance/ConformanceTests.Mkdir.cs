using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Theory]
    [InlineData("777", "22", "755")]
    [InlineData("777", "77", "700")]
    [InlineData("755", "0", "755")]
    [InlineData("711", "0", "711")]
    [InlineData("700", "22", "700")]
    [InlineData("1777", "0", "1777")] // sticky is kept by mkdir
    [InlineData("4777", "0", "777")] // suid is dropped by mkdir
    [InlineData("2777", "0", "777")] // sgid is dropped unless the parent is setgid
    public void Mkdir_ModeMaskedByUmask(string mode, string umask, string expected)
    {
        Ok(Root.WithUmask(O(umask)).Mkdir(P("d"), O(mode)));
        AssertMode(O(expected), P("d"));
        Assert.True(Lst(P("d")).IsDir);
    }

    [Fact]
    public void Mkdir_ByUser_OwnerIsCallerAndGroupIsPrimaryGroup()
    {
        Ok(U1.WithUmask(O("22")).Mkdir(P("d"), O("777")));
        var st = St(P("d"));
        Assert.Equal((U1Uid, U1Gid), (st.Uid, st.Gid));
        AssertMode(O("755"), P("d"));
    }

    [Fact]
    public void Mkdir_Exists_EEXIST()
    {
        MkDir("d");
        MkFile("f");
        Ok(Root.Symlink("dangling", P("l")));
        Is(Errno.EEXIST, Root.Mkdir(P("d"), O("755")));
        Is(Errno.EEXIST, Root.Mkdir(P("f"), O("755")));
        Is(Errno.EEXIST, Root.Mkdir(P("l"), O("755")));
    }

    [Fact]
    public void Mkdir_MissingParent_ENOENT() => Is(Errno.ENOENT, Root.Mkdir(P("a", "b"), O("755")));

    [Fact]
    public void Mkdir_ParentIsFile_ENOTDIR()
    {
        MkFile("f");
        Is(Errno.ENOTDIR, Root.Mkdir(P("f", "d"), O("755")));
    }

    [Fact]
    public void Mkdir_InNonWritableDirectory_EACCES()
    {
        var d = MkDir("d", O("755"));
        Is(Errno.EACCES, U1.Mkdir(Path.Combine(d, "x"), O("755")));
        Ok(Root.Mkdir(Path.Combine(d, "x"), O("755")));
    }

    [Fact]
    public void Mkdir_WithoutSearchOnParent_EACCES()
    {
        var d = MkDir("d", O("776"), 0, 0); // others: rw- (no x)
        Is(Errno.EACCES, U1.Mkdir(Path.Combine(d, "x"), O("755")));
    }

    [Fact]
    public void Mkdir_InSetgidDirectory_InheritsGidAndSetgidBit()
    {
        var parent = MkDir("p", O("2777"), 0, G2); // U1 is not in g2
        Ok(U1.Mkdir(Path.Combine(parent, "d"), O("755")));
        var st = St(Path.Combine(parent, "d"));
        Assert.Equal(U1Uid, st.Uid);
        Assert.Equal(G2, st.Gid);
        Assert.Equal(Convert.ToString(O("2755"), 8), Convert.ToString(st.Perm, 8));
    }

    [Fact]
    public void Create_InSetgidDirectory_InheritsGidButNotSetgid()
    {
        var parent = MkDir("p", O("2777"), 0, G1);
        Ok(U1.Open(Path.Combine(parent, "f"), OpenFlags.O_CREAT | OpenFlags.O_WRONLY, O("644")));
        var st = St(Path.Combine(parent, "f"));
        Assert.Equal((U1Uid, G1), (st.Uid, st.Gid));
        AssertMode(O("644"), Path.Combine(parent, "f"));
    }

    [Fact]
    public void Mkdir_NlinkOfParentPlusOneAndNewDirectoryTwo()
    {
        var before = St(Dir).Nlink;
        Ok(Root.Mkdir(P("d"), O("755")));
        Assert.Equal(before + 1, St(Dir).Nlink);
        Assert.Equal(2u, St(P("d")).Nlink);
        MkFile("f");
        Assert.Equal(before + 1, St(Dir).Nlink); // files do not count
    }

    [Fact]
    public void Mkdir_UpdatesParentMtimeAndCtime()
    {
        var before = St(Dir);
        Tick();
        Ok(Root.Mkdir(P("d"), O("755")));
        var after = St(Dir);
        Assert.True(after.Mtime > before.Mtime);
        Assert.True(after.Ctime > before.Ctime);
        var d = St(P("d"));
        Assert.Equal(d.Mtime, d.Ctime);
        Assert.Equal(d.Atime, d.Mtime);
    }

    [Fact]
    public void Mkdir_DotAndDotDotResolve()
    {
        Ok(Root.Mkdir(P("d"), O("755")));
        Assert.Equal(St(P("d")).Ino, St(P("d", ".")).Ino);
        Assert.Equal(St(Dir).Ino, St(P("d", "..")).Ino);
    }
}
