using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void Timestamps_NewFile_AllThreeEqualAndParentMtimeCtimeUpdated()
    {
        var before = St(Dir);
        Tick();
        var f = MkFile("f");
        var st = St(f);
        Assert.Equal(st.Atime, st.Mtime);
        Assert.Equal(st.Mtime, st.Ctime);
        var after = St(Dir);
        Assert.True(after.Mtime > before.Mtime);
        Assert.True(after.Ctime > before.Ctime);
    }

    [Fact]
    public void Timestamps_CreateByOpen_UpdatesParent()
    {
        var before = St(Dir);
        Tick();
        Ok(Root.Open(P("f"), OpenFlags.O_CREAT | OpenFlags.O_WRONLY, O("644")));
        Assert.True(St(Dir).Mtime > before.Mtime);
        Assert.True(St(Dir).Ctime > before.Ctime);
    }

    [Fact]
    public void Timestamps_Symlink_UpdatesParent()
    {
        var before = St(Dir);
        Tick();
        Ok(Root.Symlink("x", P("l")));
        Assert.True(St(Dir).Mtime > before.Mtime);
    }

    [Fact]
    public void Timestamps_WriteUpdatesMtimeCtimeNotAtime()
    {
        var f = MkFile("f", content: "abc");
        Ok(Root.Utimens(f, Past, Past));
        var before = St(f);
        Tick();
        using (var fd = Sys.OpenFd(f, OpenFlags.O_WRONLY)) Ok(fd.PWrite("xyz"u8, 1));
        var after = St(f);
        Assert.True(after.Mtime > Past);
        Assert.True(after.Ctime > before.Ctime);
        Assert.Equal(Past, after.Atime);
    }

    [Fact]
    public void Timestamps_ReadUpdatesAtimeWhenOlderThanMtime()
    {
        var f = MkFile("f", content: "abc");
        Ok(Root.Utimens(f, Past, new Ts(Past.Sec + 100, 0))); // atime < mtime: relatime updates
        var before = St(f);
        Tick();
        Assert.Equal("abc", ReadAll(f));
        var after = St(f);
        if (Caps.UpdatesAtimeOnRead) Assert.True(after.Atime > Past);
        else Assert.Equal(Past, after.Atime);
        Assert.Equal(before.Mtime, after.Mtime);
        Assert.Equal(before.Ctime, after.Ctime); // an atime update does not touch ctime
    }

    [Fact]
    public void Timestamps_ZeroLengthWriteDoesNotChangeMtime()
    {
        // Linux returns 0 for write(fd, buf, 0) on a regular file without touching the inode.
        var f = MkFile("f", content: "abc");
        Ok(Root.Utimens(f, Past, Past));
        using (var fd = Sys.OpenFd(f, OpenFlags.O_WRONLY)) Ok(fd.Write(ReadOnlySpan<byte>.Empty));
        Assert.Equal(Past, St(f).Mtime);
    }

    [Fact]
    public void Timestamps_ReadOfDirectoryListingDoesNotChangeMtime()
    {
        MkFile("f");
        var before = St(Dir);
        Tick();
        _ = Directory.EnumerateFileSystemEntries(Dir).ToList();
        Assert.Equal(before.Mtime, St(Dir).Mtime);
        Assert.Equal(before.Ctime, St(Dir).Ctime);
    }

    [Fact]
    public void Timestamps_ChmodChownDoNotChangeParent()
    {
        var f = MkFile("f");
        var before = St(Dir);
        Tick();
        Ok(Root.Chmod(f, O("600")));
        Ok(Root.Chown(f, (int)U1Uid, (int)G1));
        Assert.Equal(before.Mtime, St(Dir).Mtime);
    }

    [Fact]
    public void Timestamps_ModifyingFileInsideDirectoryDoesNotChangeDirectory()
    {
        var f = MkFile("f", content: "abc");
        var before = St(Dir);
        Tick();
        Ok(Root.Write(f, "zzz"));
        Assert.Equal(before.Mtime, St(Dir).Mtime);
    }
}
