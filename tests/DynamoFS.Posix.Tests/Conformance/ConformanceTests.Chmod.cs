using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Theory]
    [InlineData("0"), InlineData("644"), InlineData("751"), InlineData("7777"), InlineData("4755"), InlineData("2711"), InlineData("1777")]
    public void Chmod_Root_SetsExactModeBitsOnFile(string mode)
    {
        var f = MkFile("f");
        Ok(Root.Chmod(f, O(mode)));
        AssertMode(O(mode), f);
        Assert.True(Lst(f).IsReg);
    }

    [Fact]
    public void Chmod_Root_SetsModeOfDirectoryIncludingSticky()
    {
        var d = MkDir("d");
        Ok(Root.Chmod(d, O("1750")));
        AssertMode(O("1750"), d);
        Assert.True(Lst(d).IsDir);
    }

    [Fact]
    public void Chmod_Root_OnFileOwnedByAnotherUser()
    {
        var f = MkFile("f", O("600"), U1Uid, U1Gid);
        Ok(Root.Chmod(f, O("640")));
        AssertMode(O("640"), f);
    }

    [Fact]
    public void Chmod_Owner_ChangesOwnFile()
    {
        var f = MkFile("f", O("644"), U1Uid, U1Gid);
        Ok(U1.Chmod(f, O("600")));
        AssertMode(O("600"), f);
    }

    [Fact]
    public void Chmod_NonOwner_EPERM()
    {
        var f = MkFile("f", O("666"), U1Uid, U1Gid);
        Is(Errno.EPERM, U2.Chmod(f, O("777")));
        AssertMode(O("666"), f);
    }

    [Fact]
    public void Chmod_NonOwnerEvenGroupMemberWithWriteAccess_EPERM()
    {
        var f = MkFile("f", O("777"), U1Uid, G1); // U2 is in g1
        Is(Errno.EPERM, U2.Chmod(f, O("700")));
    }

    [Fact]
    public void Chmod_OwnerSetgidOnFileOfGroupItIsNotIn_SetgidSilentlyCleared()
    {
        // U1 owns the file but is not a member of g2: Linux drops S_ISGID without an error.
        var f = MkFile("f", O("644"), U1Uid, G2);
        Ok(U1.Chmod(f, O("2755")));
        AssertMode(O("755"), f);
    }

    [Fact]
    public void Chmod_OwnerSetgidOnFileOfSupplementaryGroup_Kept()
    {
        var f = MkFile("f", O("644"), U1Uid, G1);
        Ok(U1.Chmod(f, O("2755")));
        AssertMode(O("2755"), f);
    }

    [Fact]
    public void Chmod_NonRootOwnerMaySetStickyOnRegularFile()
    {
        // Linux (unlike FreeBSD's EFTYPE) keeps S_ISVTX on a regular file set by its non-root owner.
        var f = MkFile("f", O("644"), U1Uid, U1Gid);
        Ok(U1.Chmod(f, O("1644")));
        AssertMode(O("1644"), f);
    }

    [Fact]
    public void Chmod_UpdatesCtimeNotMtime()
    {
        var f = MkFile("f");
        var before = St(f);
        Tick();
        Ok(Root.Chmod(f, O("600")));
        var after = St(f);
        Assert.True(after.Ctime > before.Ctime);
        Assert.Equal(before.Mtime, after.Mtime);
    }

    [Fact]
    public void Chmod_FollowsSymlink()
    {
        var f = MkFile("f", O("644"));
        Ok(Root.Symlink("f", P("l")));
        Ok(Root.Chmod(P("l"), O("600")));
        AssertMode(O("600"), f);
        Assert.True(Lst(P("l")).IsLink);
    }

    [Fact]
    public void Chmod_Missing_ENOENT() => Is(Errno.ENOENT, Root.Chmod(P("missing"), O("644")));

    [Fact]
    public void Chmod_PathThroughFile_ENOTDIR()
    {
        MkFile("f");
        Is(Errno.ENOTDIR, Root.Chmod(P("f", "x"), O("644")));
    }
}
