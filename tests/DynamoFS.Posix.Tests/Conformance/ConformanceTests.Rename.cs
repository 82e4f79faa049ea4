using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void Rename_File_KeepsInodeAndRemovesOldName()
    {
        var f = MkFile("a", content: "x");
        var ino = St(f).Ino;
        Ok(Root.Rename(f, P("b")));
        Assert.False(Exists(f));
        Assert.Equal(ino, St(P("b")).Ino);
        Assert.Equal("x", ReadAll(P("b")));
    }

    [Fact]
    public void Rename_FileOverFile_ReplacesTarget()
    {
        var a = MkFile("a", content: "A");
        var b = MkFile("b", content: "B");
        Ok(Root.Link(b, P("b2")));
        var ino = St(a).Ino;
        Ok(Root.Rename(a, b));
        Assert.Equal(ino, St(b).Ino);
        Assert.Equal("A", ReadAll(b));
        Assert.Equal(1u, St(P("b2")).Nlink); // the replaced inode lost one link
        Assert.Equal("B", ReadAll(P("b2")));
    }

    [Fact]
    public void Rename_DirectoryOverEmptyDirectory_Ok()
    {
        MkDir("a");
        MkFile(Path.Combine("a", "inside"));
        MkDir("b");
        var nlink = St(Dir).Nlink;
        Ok(Root.Rename(P("a"), P("b")));
        Assert.False(Exists(P("a")));
        Assert.True(Exists(P("b", "inside")));
        Assert.Equal(nlink - 1, St(Dir).Nlink);
    }

    [Fact]
    public void Rename_DirectoryOverNonEmptyDirectory_ENOTEMPTY()
    {
        MkDir("a");
        MkDir("b");
        MkFile(Path.Combine("b", "x"));
        Is(Errno.ENOTEMPTY, Root.Rename(P("a"), P("b")));
        Assert.True(Exists(P("a")));
    }

    [Fact]
    public void Rename_FileOverDirectory_EISDIR()
    {
        MkFile("f");
        MkDir("d");
        Is(Errno.EISDIR, Root.Rename(P("f"), P("d")));
    }

    [Fact]
    public void Rename_DirectoryOverFile_ENOTDIR()
    {
        MkFile("f");
        MkDir("d");
        Is(Errno.ENOTDIR, Root.Rename(P("d"), P("f")));
    }

    [Fact]
    public void Rename_IntoOwnSubtree_EINVAL()
    {
        MkDir("a");
        MkDir(Path.Combine("a", "b"));
        Is(Errno.EINVAL, Root.Rename(P("a"), P("a", "b", "c")));
        Is(Errno.EINVAL, Root.Rename(P("a"), P("a", "c")));
    }

    [Fact]
    public void Rename_MissingSource_ENOENT() => Is(Errno.ENOENT, Root.Rename(P("missing"), P("b")));

    [Fact]
    public void Rename_ToMissingDirectory_ENOENT()
    {
        MkFile("f");
        Is(Errno.ENOENT, Root.Rename(P("f"), P("nodir", "f")));
    }

    [Fact]
    public void Rename_HardLinkOntoItsOtherName_IsNoOpAndBothRemain()
    {
        // POSIX: if old and new are links to the same file, rename does nothing and succeeds.
        var f = MkFile("f");
        Ok(Root.Link(f, P("g")));
        Ok(Root.Rename(f, P("g")));
        Assert.True(Exists(f));
        Assert.Equal(2u, St(P("g")).Nlink);
    }

    [Fact]
    public void Rename_WithoutWriteOnSourceDirectory_EACCES()
    {
        MkDir("d", O("755"));
        var f = MkFile(Path.Combine("d", "f"), O("666"), U1Uid, U1Gid);
        Is(Errno.EACCES, U1.Rename(f, P("g")));
        Assert.True(Exists(f));
    }

    [Fact]
    public void Rename_WithoutWriteOnTargetDirectory_EACCES()
    {
        var f = MkFile("f", O("666"), U1Uid, U1Gid);
        var d = MkDir("d", O("755"));
        Is(Errno.EACCES, U1.Rename(f, Path.Combine(d, "f")));
    }

    [Fact]
    public void Rename_DirectoryByNonRootNeedsWriteOnItselfToUpdateDotDot()
    {
        // Moving a directory to another parent rewrites its "..": needs write permission on it.
        var d = MkDir("d", O("555"), U1Uid, U1Gid);
        var to = MkDir("to", O("777"));
        Is(Errno.EACCES, U1.Rename(d, Path.Combine(to, "d")));
        Ok(U1.Rename(d, P("d-renamed-in-place")));
    }

    [Fact]
    public void Rename_StickyDirectory_NonOwnerOfFileAndDirectory_EPERM()
    {
        var sticky = MkDir("s", O("1777"));
        var f = MkFile(Path.Combine("s", "f"), O("666"), U1Uid, U1Gid);
        Is(Errno.EPERM, U2.Rename(f, Path.Combine(sticky, "g")));
        Assert.True(Exists(f));
    }

    [Fact]
    public void Rename_StickyDirectory_OwnerOfFile_Ok()
    {
        var sticky = MkDir("s", O("1777"));
        var f = MkFile(Path.Combine("s", "f"), O("600"), U1Uid, U1Gid);
        Ok(U1.Rename(f, Path.Combine(sticky, "g")));
    }

    [Fact]
    public void Rename_StickyDirectory_OwnerOfDirectory_Ok()
    {
        var sticky = MkDir("s", O("1777"), U2Uid, U2Gid);
        var f = MkFile(Path.Combine("s", "f"), O("600"), U1Uid, U1Gid);
        Ok(U2.Rename(f, Path.Combine(sticky, "g")));
    }

    [Fact]
    public void Rename_StickyDirectory_OverOthersFile_EPERM()
    {
        var sticky = MkDir("s", O("1777"));
        var mine = MkFile(Path.Combine("s", "mine"), O("644"), U2Uid, U2Gid);
        var theirs = MkFile(Path.Combine("s", "theirs"), O("666"), U1Uid, U1Gid);
        Is(Errno.EPERM, U2.Rename(mine, theirs));
        Assert.Equal(U1Uid, St(theirs).Uid);
    }

    [Fact]
    public void Rename_StickyDirectory_WithoutWritePermission_EACCES()
    {
        // Write permission on the directory is checked before the sticky rule.
        var sticky = MkDir("s", O("1755"));
        var f = MkFile(Path.Combine("s", "f"), O("644"), U2Uid, U2Gid);
        Is(Errno.EACCES, U1.Rename(f, Path.Combine(sticky, "g")));
    }

    [Fact]
    public void Renameat2_NoReplace_TargetExists_EEXIST()
    {
        var a = MkFile("a", content: "A");
        var b = MkFile("b", content: "B");
        Is(Errno.EEXIST, Root.Renameat2(a, b, RENAME_NOREPLACE));
        Assert.Equal("B", ReadAll(b));
        Assert.True(Exists(a));
    }

    [Fact]
    public void Renameat2_NoReplace_TargetMissing_Renames()
    {
        var a = MkFile("a");
        Ok(Root.Renameat2(a, P("b"), RENAME_NOREPLACE));
        Assert.False(Exists(a));
        Assert.True(Exists(P("b")));
    }

    [Fact]
    public void Renameat2_Exchange_SwapsTwoFiles()
    {
        var a = MkFile("a", content: "A");
        var b = MkFile("b", content: "B");
        var (ia, ib) = (St(a).Ino, St(b).Ino);
        Ok(Root.Renameat2(a, b, RENAME_EXCHANGE));
        Assert.Equal("B", ReadAll(a));
        Assert.Equal("A", ReadAll(b));
        Assert.Equal((ib, ia), (St(a).Ino, St(b).Ino));
    }

    [Fact]
    public void Renameat2_Exchange_FileWithDirectoryAcrossDirectories_FixesNlinkAndDotDot()
    {
        var p1 = MkDir("p1");
        var p2 = MkDir("p2");
        var f = MkFile(Path.Combine("p1", "x"), content: "file");
        var d = MkDir(Path.Combine("p2", "y"));
        var (n1, n2) = (St(p1).Nlink, St(p2).Nlink);
        Ok(Root.Renameat2(f, d, RENAME_EXCHANGE));
        Assert.True(St(Path.Combine(p1, "x")).IsDir);
        Assert.Equal("file", ReadAll(Path.Combine(p2, "y")));
        Assert.Equal(n1 + 1, St(p1).Nlink);
        Assert.Equal(n2 - 1, St(p2).Nlink);
        Assert.Equal(St(p1).Ino, St(Path.Combine(p1, "x", "..")).Ino);
    }

    [Fact]
    public void Renameat2_Exchange_MissingTarget_ENOENT()
    {
        var a = MkFile("a");
        Is(Errno.ENOENT, Root.Renameat2(a, P("b"), RENAME_EXCHANGE));
    }

    [Fact]
    public void Renameat2_ExchangeAndNoReplaceTogether_EINVAL()
    {
        var a = MkFile("a");
        var b = MkFile("b");
        Is(Errno.EINVAL, Root.Renameat2(a, b, RENAME_EXCHANGE | RENAME_NOREPLACE));
    }

    [Fact]
    public void Rename_DirectoryAcrossParents_UpdatesParentNlinkAndDotDot()
    {
        var p1 = MkDir("p1");
        var p2 = MkDir("p2");
        MkDir(Path.Combine("p1", "d"));
        Assert.Equal(3u, St(p1).Nlink);
        Ok(Root.Rename(Path.Combine(p1, "d"), Path.Combine(p2, "d")));
        Assert.Equal(2u, St(p1).Nlink);
        Assert.Equal(3u, St(p2).Nlink);
        Assert.Equal(St(p2).Ino, St(Path.Combine(p2, "d", "..")).Ino);
    }

    [Fact]
    public void Rename_UpdatesCtimeOfMovedInodeButNotMtime()
    {
        var f = MkFile("f");
        var d = MkDir("d");
        var fb = St(f);
        Tick();
        Ok(Root.Rename(f, Path.Combine(d, "f")));
        var fa = St(Path.Combine(d, "f"));
        Assert.True(fa.Ctime > fb.Ctime, "moved inode ctime");
        Assert.Equal(fb.Mtime, fa.Mtime);
    }

    [Fact]
    public void Rename_UpdatesMtimeAndCtimeOfBothParents()
    {
        var p1 = MkDir("p1");
        var p2 = MkDir("p2");
        var f = MkFile(Path.Combine("p1", "f"));
        var (b1, b2) = (St(p1), St(p2));
        Tick();
        Ok(Root.Rename(f, Path.Combine(p2, "f")));
        var (a1, a2) = (St(p1), St(p2));
        Assert.True(a1.Mtime > b1.Mtime && a1.Ctime > b1.Ctime, "source parent");
        Assert.True(a2.Mtime > b2.Mtime && a2.Ctime > b2.Ctime, "target parent");
    }

    [Fact]
    public void Rename_Symlink_RenamesLinkNotTarget()
    {
        MkFile("f");
        Ok(Root.Symlink("f", P("l")));
        Ok(Root.Rename(P("l"), P("l2")));
        Assert.True(Lst(P("l2")).IsLink);
        Assert.True(Exists(P("f")));
    }
}
