using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void Chown_Root_ChangesUidAndGid()
    {
        var f = MkFile("f");
        Ok(Root.Chown(f, (int)U1Uid, (int)G2));
        var st = St(f);
        Assert.Equal((U1Uid, G2), (st.Uid, st.Gid));
    }

    [Fact]
    public void Chown_Root_MinusOneGidChangesOnlyUid()
    {
        var f = MkFile("f", gid: G1);
        Ok(Root.Chown(f, (int)U2Uid, -1));
        var st = St(f);
        Assert.Equal((U2Uid, G1), (st.Uid, st.Gid));
    }

    [Fact]
    public void Chown_Owner_ToOwnSupplementaryGroup_Ok()
    {
        var f = MkFile("f", O("644"), U1Uid, U1Gid);
        Ok(U1.Chown(f, -1, (int)G1));
        Assert.Equal(G1, St(f).Gid);
    }

    [Fact]
    public void Chown_Owner_ToOwnUidAndGroup_Ok()
    {
        var f = MkFile("f", O("644"), U1Uid, G1);
        Ok(U1.Chown(f, (int)U1Uid, (int)U1Gid));
        Assert.Equal((U1Uid, U1Gid), (St(f).Uid, St(f).Gid));
    }

    [Fact]
    public void Chown_Owner_ToForeignGroup_EPERM()
    {
        var f = MkFile("f", O("644"), U1Uid, U1Gid);
        Is(Errno.EPERM, U1.Chown(f, -1, (int)G2));
        Assert.Equal(U1Gid, St(f).Gid);
    }

    [Fact]
    public void Chown_Owner_GiveAwayUid_EPERM()
    {
        var f = MkFile("f", O("644"), U1Uid, U1Gid);
        Is(Errno.EPERM, U1.Chown(f, (int)U2Uid, -1));
        Assert.Equal(U1Uid, St(f).Uid);
    }

    [Fact]
    public void Chown_NonOwner_EPERM()
    {
        var f = MkFile("f", O("666"), U1Uid, G1);
        Is(Errno.EPERM, U2.Chown(f, -1, (int)G1));
        Is(Errno.EPERM, U2.Chown(f, (int)U2Uid, -1));
    }

    [Fact]
    public void Chown_NonRootOwner_ClearsSuidAndSgid()
    {
        var f = MkFile("f", O("6755"), U1Uid, U1Gid);
        Ok(U1.Chown(f, -1, (int)G1));
        AssertMode(O("755"), f);
        Assert.Equal(G1, St(f).Gid);
    }

    [Fact]
    public void Chown_Root_AlsoClearsSuidAndGroupExecSgidOnRegularFile()
    {
        // Linux clears S_ISUID (and S_ISGID when group-executable) on chown of a regular file even by root.
        var f = MkFile("f", O("6755"));
        Ok(Root.Chown(f, (int)U1Uid, (int)G1));
        AssertMode(O("755"), f);
    }

    [Fact]
    public void Chown_Root_KeepsSgidWithoutGroupExec()
    {
        // S_ISGID without S_IXGRP means mandatory locking, not set-group-id: Linux leaves it.
        var f = MkFile("f", O("2644"));
        Ok(Root.Chown(f, (int)U1Uid, (int)G1));
        AssertMode(O("2644"), f);
    }

    [Fact]
    public void Chown_Directory_KeepsSetgid()
    {
        var d = MkDir("d", O("2775"));
        Ok(Root.Chown(d, (int)U1Uid, (int)G1));
        AssertMode(O("2775"), d);
    }

    [Fact]
    public void Chown_UpdatesCtime()
    {
        var f = MkFile("f");
        var before = St(f);
        Tick();
        Ok(Root.Chown(f, (int)U1Uid, (int)G1));
        Assert.True(St(f).Ctime > before.Ctime);
        Assert.Equal(before.Mtime, St(f).Mtime);
    }

    [Fact]
    public void Chown_NoChangeMinusOneMinusOne_SucceedsForNonOwnerOnLinux()
    {
        // chown(-1, -1) changes nothing; Linux does no permission check for it and returns 0.
        var f = MkFile("f", O("644"), U1Uid, U1Gid);
        Ok(U2.Chown(f, -1, -1));
        Assert.Equal((U1Uid, U1Gid), (St(f).Uid, St(f).Gid));
    }

    [Fact]
    public void Lchown_ChangesSymlinkNotTarget()
    {
        var f = MkFile("f");
        Ok(Root.Symlink("f", P("l")));
        Ok(Root.Lchown(P("l"), (int)U1Uid, (int)G1));
        Assert.Equal((U1Uid, G1), (Lst(P("l")).Uid, Lst(P("l")).Gid));
        Assert.Equal((0u, 0u), (St(f).Uid, St(f).Gid));
    }

    [Fact]
    public void Chown_FollowsSymlink()
    {
        var f = MkFile("f");
        Ok(Root.Symlink("f", P("l")));
        Ok(Root.Chown(P("l"), (int)U2Uid, (int)G2));
        Assert.Equal((U2Uid, G2), (St(f).Uid, St(f).Gid));
        Assert.Equal(0u, Lst(P("l")).Uid);
    }

    [Fact]
    public void Chown_Missing_ENOENT() => Is(Errno.ENOENT, Root.Chown(P("missing"), 1, 1));
}
