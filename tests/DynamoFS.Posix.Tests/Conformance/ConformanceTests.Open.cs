using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

/// <summary>Who performs a step in a [Theory] row.</summary>
public enum Who { Root, U1, U2, Outsider }

public abstract partial class ConformanceTests<TFs>
{
    private const OpenFlags RD = OpenFlags.O_RDONLY, WR = OpenFlags.O_WRONLY, RW = OpenFlags.O_RDWR,
        CREAT = OpenFlags.O_CREAT, EXCL = OpenFlags.O_EXCL, TRUNC = OpenFlags.O_TRUNC;

    [Fact]
    public void Open_CreatExcl_OnExistingFile_EEXIST()
    {
        MkFile("f");
        Is(Errno.EEXIST, Root.Open(P("f"), CREAT | EXCL | WR, O("644")));
    }

    [Fact]
    public void Open_CreatExcl_OnDanglingSymlink_EEXISTAndNothingCreated()
    {
        Ok(Root.Symlink("target", P("l")));
        Is(Errno.EEXIST, Root.Open(P("l"), CREAT | EXCL | WR, O("644")));
        Assert.False(Exists(P("target")));
    }

    [Fact]
    public void Open_Creat_WithoutExcl_ThroughDanglingSymlink_CreatesTarget()
    {
        Ok(Root.Symlink("target", P("l")));
        Ok(Root.Open(P("l"), CREAT | WR, O("600")));
        Assert.True(Lst(P("target")).IsReg);
    }

    [Fact]
    public void Open_Creat_ModeMaskedByUmaskAndOwnedByCaller()
    {
        Ok(U1.WithUmask(O("27")).Open(P("f"), CREAT | WR, O("777")));
        var st = St(P("f"));
        Assert.Equal((U1Uid, U1Gid), (st.Uid, st.Gid));
        AssertMode(O("750"), P("f"));
        Assert.Equal(0, st.Size);
    }

    [Fact]
    public void Open_Creat_OnExistingFile_OpensItAndKeepsModeAndData()
    {
        var f = MkFile("f", O("600"), content: "abc");
        Ok(Root.Open(f, CREAT | WR, O("777")));
        AssertMode(O("600"), f);
        Assert.Equal("abc", ReadAll(f));
    }

    [Fact]
    public void Open_Trunc_EmptiesFileAndUpdatesMtimeCtime()
    {
        var f = MkFile("f", content: "some data");
        var before = St(f);
        Tick();
        Ok(Root.Open(f, WR | TRUNC));
        var after = St(f);
        Assert.Equal(0, after.Size);
        Assert.True(after.Mtime > before.Mtime);
        Assert.True(after.Ctime > before.Ctime);
    }

    [Fact]
    public void Open_Append_WritesAtEndEvenAfterSeek()
    {
        var f = MkFile("f", content: "abc");
        using (var fd = Sys.OpenFd(f, OpenFlags.O_WRONLY | OpenFlags.O_APPEND))
        {
            Ok(fd.Seek(0, Libc.SEEK_SET, out _));
            Ok(fd.Write("def"));
            Ok(fd.Seek(0, Libc.SEEK_CUR, out var pos));
            Assert.Equal(6, pos);
        }
        Assert.Equal("abcdef", ReadAll(f));
        Is(Errno.EACCES, U1.Write(f, "x", append: true)); // 0644, owned by root
    }

    [Fact]
    public void Open_DirectoryFlagOnFile_ENOTDIR()
    {
        MkFile("f");
        Is(Errno.ENOTDIR, Root.Open(P("f"), RD | OpenFlags.O_DIRECTORY));
        Ok(Root.Open(Dir, RD | OpenFlags.O_DIRECTORY));
    }

    [Fact]
    public void Open_TrailingSlashOnFile_ENOTDIR()
    {
        MkFile("f");
        Is(Errno.ENOTDIR, Root.Open(P("f") + "/", RD));
    }

    [Theory]
    [InlineData(OpenFlags.O_WRONLY), InlineData(OpenFlags.O_RDWR), InlineData(OpenFlags.O_WRONLY | OpenFlags.O_TRUNC)]
    public void Open_DirectoryForWriting_EISDIR(OpenFlags flags)
    {
        MkDir("d");
        Is(Errno.EISDIR, Root.Open(P("d"), flags));
    }

    [Fact]
    public void Open_CreatOnExistingDirectory_EISDIR()
    {
        MkDir("d");
        Is(Errno.EISDIR, Root.Open(P("d"), CREAT | WR, O("644")));
    }

    [Fact]
    public void Open_DirectoryReadOnly_Ok() => Ok(Root.Open(Dir, RD));

    [Fact]
    public void Open_NoFollowOnSymlink_ELOOP()
    {
        MkFile("f");
        Ok(Root.Symlink("f", P("l")));
        Is(Errno.ELOOP, Root.Open(P("l"), RD | OpenFlags.O_NOFOLLOW));
        Ok(Root.Open(P("f"), RD | OpenFlags.O_NOFOLLOW));
    }

    private IActor Actor(Who who) => who switch
    {
        Who.Root => Root,
        Who.U1 => U1,
        Who.U2 => U2,
        _ => Outsider,
    };

    /// <summary>File owned by U1, group g1 (U2 is a member of g1 only through supplementary groups).</summary>
    [Theory]
    [InlineData("600", Who.U1, OpenFlags.O_RDWR, Errno.OK)]
    [InlineData("200", Who.U1, OpenFlags.O_RDONLY, Errno.EACCES)]
    [InlineData("400", Who.U1, OpenFlags.O_WRONLY, Errno.EACCES)]
    [InlineData("400", Who.U1, OpenFlags.O_RDWR, Errno.EACCES)]
    [InlineData("066", Who.U1, OpenFlags.O_RDONLY, Errno.EACCES)] // owner class wins over group/other
    [InlineData("040", Who.U2, OpenFlags.O_RDONLY, Errno.OK)] // supplementary group g1
    [InlineData("020", Who.U2, OpenFlags.O_WRONLY, Errno.OK)]
    [InlineData("404", Who.U2, OpenFlags.O_RDONLY, Errno.EACCES)] // group class applies, not other
    [InlineData("004", Who.Outsider, OpenFlags.O_RDONLY, Errno.OK)]
    [InlineData("770", Who.Outsider, OpenFlags.O_RDONLY, Errno.EACCES)]
    [InlineData("000", Who.Root, OpenFlags.O_RDWR, Errno.OK)] // root bypasses mode bits
    [InlineData("444", Who.U1, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC, Errno.EACCES)]
    public void Open_PermissionByModeBits(string mode, Who who, OpenFlags flags, Errno expected)
    {
        var f = MkFile("f", O(mode), U1Uid, G1);
        Is(expected, Actor(who).Open(f, flags));
    }

    [Fact]
    public void Open_CreatInNonWritableDirectory_EACCES()
    {
        var d = MkDir("d", O("755"));
        Is(Errno.EACCES, U1.Open(Path.Combine(d, "f"), CREAT | WR, O("644")));
        Assert.False(Exists(Path.Combine(d, "f")));
    }

    [Fact]
    public void Open_CreatInGroupWritableDirectoryViaSupplementaryGroup_Ok()
    {
        var d = MkDir("d", O("770"), 0, G2);
        Ok(U2.Open(Path.Combine(d, "f"), CREAT | WR, O("644")));
        Is(Errno.EACCES, U1.Open(Path.Combine(d, "g"), CREAT | WR, O("644")));
    }

    [Fact]
    public void Open_WithoutSearchPermissionOnDirectory_EACCES()
    {
        var d = MkDir("d", O("766"));
        var f = Path.Combine(d, "f");
        using (Sys.OpenFd(f, CREAT | WR, O("666"))) { }
        Is(Errno.EACCES, U1.Open(f, RD));
        Is(Errno.EACCES, U1.Stat(f));
    }

    [Fact]
    public void Open_NameOf256Bytes_ENAMETOOLONG()
    {
        Is(Errno.ENAMETOOLONG, Root.Open(P(new string('a', 256)), CREAT | WR, O("644")));
        Is(Errno.ENAMETOOLONG, Root.Open(P(new string('a', 256)), RD));
    }

    [Fact]
    public void Open_NameOfExactly255Bytes_Works()
    {
        var name = new string('n', 255);
        Ok(Root.Open(P(name), CREAT | EXCL | WR, O("644")));
        Assert.True(St(P(name)).IsReg);
        Assert.Contains(name, Directory.EnumerateFileSystemEntries(Dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Open_MultibyteNameOf255Bytes_Works()
    {
        var name = string.Concat(Enumerable.Repeat("\u00e9", 127)) + "x"; // 127 * 2 + 1 = 255 bytes
        Ok(Root.Open(P(name), CREAT | EXCL | WR, O("644")));
        Is(Errno.ENAMETOOLONG, Root.Open(P(name + "\u00e9"), CREAT | EXCL | WR, O("644")));
    }

    [Fact]
    public void Open_Missing_ENOENT()
    {
        Is(Errno.ENOENT, Root.Open(P("missing"), RD));
        Is(Errno.ENOENT, Root.Open(P("missing", "f"), CREAT | WR, O("644")));
    }

    [Fact]
    public void Open_PathThroughFile_ENOTDIR()
    {
        MkFile("f");
        Is(Errno.ENOTDIR, Root.Open(P("f", "g"), CREAT | WR, O("644")));
    }

    [Fact]
    public void Open_ReadWriteRoundTripAtOffsets()
    {
        using (var fd = Sys.OpenFd(P("f"), CREAT | RW, O("644")))
        {
            Ok(fd.PWrite("hello"u8, 0));
            Ok(fd.PWrite("world"u8, 10));
            Ok(fd.PRead(0, 100, out var data));
            Assert.Equal("hello\0\0\0\0\0world"u8.ToArray(), data);
        }
        Assert.Equal(15, St(P("f")).Size);
    }
}
