using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Theory]
    [InlineData("f"), InlineData("../x/y/z"), InlineData("/absolute/target"), InlineData("with space\u00e9")]
    public void Symlink_SizeIsTargetLengthAndReadlinkRoundTrips(string target)
    {
        Ok(Root.Symlink(target, P("l")));
        var st = Lst(P("l"));
        Assert.True(st.IsLink);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(target), st.Size);
        Ok(Sys.Readlink(P("l"), out var read));
        Assert.Equal(target, read);
    }

    [Fact]
    public void Symlink_LongTargetOf4095Bytes_RoundTrips()
    {
        var target = string.Concat(Enumerable.Repeat("abcdefg/", 512))[..4095];
        Ok(Root.Symlink(target, P("l")));
        Ok(Sys.Readlink(P("l"), out var read));
        Assert.Equal(target, read);
        Assert.Equal(4095, Lst(P("l")).Size);
    }

    [Fact]
    public void Symlink_TargetOf4096Bytes_ENAMETOOLONG() =>
        Is(Errno.ENAMETOOLONG, Root.Symlink(new string('t', 4096), P("l")));

    [Fact]
    public void Symlink_IsFollowedForReadAndStat()
    {
        MkFile("f", content: "payload");
        Ok(Root.Symlink("f", P("l")));
        Assert.Equal("payload", ReadAll(P("l")));
        Assert.Equal(St(P("f")).Ino, St(P("l")).Ino);
    }

    [Fact]
    public void Symlink_ThroughDirectoryLink_Resolves()
    {
        MkDir("d");
        MkFile(Path.Combine("d", "f"), content: "in d");
        Ok(Root.Symlink("d", P("ld")));
        Assert.Equal("in d", ReadAll(P("ld", "f")));
    }

    [Fact]
    public void Symlink_Loop_ELOOP()
    {
        Ok(Root.Symlink("b", P("a")));
        Ok(Root.Symlink("a", P("b")));
        Is(Errno.ELOOP, Root.Open(P("a"), OpenFlags.O_RDONLY));
        Is(Errno.ELOOP, Sys.Stat(P("a"), out _));
        Ok(Sys.Lstat(P("a"), out _));
    }

    [Fact]
    public void Symlink_SelfLoop_ELOOP()
    {
        Ok(Root.Symlink("self", P("self")));
        Is(Errno.ELOOP, Root.Stat(P("self")));
    }

    [Fact]
    public void Symlink_Dangling_AllowedLstatOkStatENOENT()
    {
        Ok(Root.Symlink("nowhere", P("l")));
        Assert.True(Lst(P("l")).IsLink);
        Is(Errno.ENOENT, Sys.Stat(P("l"), out _));
    }

    [Fact]
    public void Symlink_Exists_EEXIST()
    {
        MkFile("f");
        MkDir("d");
        Is(Errno.EEXIST, Root.Symlink("x", P("f")));
        Is(Errno.EEXIST, Root.Symlink("x", P("d")));
        Ok(Root.Symlink("x", P("l")));
        Is(Errno.EEXIST, Root.Symlink("y", P("l")));
    }

    [Fact]
    public void Symlink_ModeIs0777AndOwnedByCaller()
    {
        Ok(U1.WithUmask(O("77")).Symlink("t", P("l")));
        var st = Lst(P("l"));
        Assert.Equal(Convert.ToString(O("777"), 8), Convert.ToString(st.Perm, 8));
        Assert.Equal((U1Uid, U1Gid), (st.Uid, st.Gid));
    }

    [Fact]
    public void Symlink_InNonWritableDirectory_EACCES()
    {
        var d = MkDir("d", O("755"));
        Is(Errno.EACCES, U1.Symlink("t", Path.Combine(d, "l")));
    }

    [Fact]
    public void Readlink_OnRegularFile_EINVAL()
    {
        MkFile("f");
        Is(Errno.EINVAL, Sys.Readlink(P("f"), out _));
    }

    [Fact]
    public void Symlink_EmptyTarget_ENOENT()
    {
        // Linux refuses an empty symlink target with ENOENT.
        Is(Errno.ENOENT, Root.Symlink("", P("l")));
    }
}
