using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>Names through the kernel: MKDIR, RMDIR, UNLINK, LINK, SYMLINK, READLINK, MKNOD, RENAME, RENAME2, LOOKUP.</summary>
public sealed class NamespaceTests
{
    [Fact]
    public async Task DirectoriesNestAndRemoveOnlyWhenEmpty()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            Sys.Mkdir(m["d"], 0x1C0 /* 0700 */).Check();
            Sys.Mkdir(m["d/e"]).Check();
            Assert.Equal(Errno.EEXIST, Sys.Mkdir(m["d"]).Errno);
            Sys.Stat(m["d"], out var st).Check();
            Assert.Equal(FileMode.Directory, st.Type);
            Assert.Equal(0x1C0u, st.Permissions);
            Assert.Equal(3u, st.Links); // ".", its entry in the root, and e's ".."

            Assert.Equal(Errno.ENOTEMPTY, Sys.Rmdir(m["d"]).Errno);
            Assert.Equal(Errno.ENOENT, Sys.Mkdir(m["d/missing/x"]).Errno);
            Assert.Equal(Errno.EISDIR, Sys.Unlink(m["d/e"]).Errno);
            Sys.Rmdir(m["d/e"]).Check();
            Sys.Rmdir(m["d"]).Check();
            Assert.Equal(Errno.ENOENT, Sys.Stat(m["d"], out _).Errno);
        });
        Assert.True(m.Fs.Calls.Count(Op.MakeDirectory) >= 2);
        Assert.True(m.Fs.Calls.Count(Op.RemoveDirectory) >= 2);
        Assert.True(m.Fs.Calls.Count(Op.Lookup) >= 1);
    }

    [Fact]
    public async Task HardLinksShareDataAndCountLinks()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            File.WriteAllText(m["a"], "shared");
            Sys.Link(m["a"], m["b"]).Check();
            Sys.Stat(m["a"], out var a).Check();
            Sys.Stat(m["b"], out var b).Check();
            Assert.Equal(a.Inode, b.Inode);
            Assert.Equal(2u, b.Links);
            Assert.Equal(Errno.EEXIST, Sys.Link(m["a"], m["b"]).Errno);
            Sys.Mkdir(m["dir"]).Check();
            Assert.Equal(Errno.EPERM, Sys.Link(m["dir"], m["dir2"]).Errno);

            Sys.Unlink(m["a"]).Check();
            Assert.Equal("shared", File.ReadAllText(m["b"]));
            Sys.Stat(m["b"], out b).Check();
            Assert.Equal(1u, b.Links);
        });
        Assert.True(m.Fs.Calls.Count(Op.Link) >= 1);
        Assert.True(m.Fs.Calls.Count(Op.Unlink) >= 1);
    }

    [Fact]
    public async Task OpenFileSurvivesUnlink()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            File.WriteAllText(m["gone"], "still here");
            int fd = Sys.OpenOrThrow(m["gone"], Sys.ORdOnly);
            Sys.Unlink(m["gone"]).Check();
            var buf = new byte[32];
            int n = (int)Sys.PRead(fd, buf, 0).Check();
            Assert.Equal("still here", System.Text.Encoding.ASCII.GetString(buf, 0, n));
            Sys.Close(fd).Check();
        });
    }

    [Fact]
    public async Task SymlinksResolveAndReadBack()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            File.WriteAllText(m["target"], "via link");
            Sys.Symlink("target", m["link"]).Check();
            Sys.ReadLink(m["link"], out var target).Check();
            Assert.Equal("target", target);
            Sys.LStat(m["link"], out var st).Check();
            Assert.Equal(FileMode.Symlink, st.Type);
            Assert.Equal(6UL, st.Size);
            Assert.Equal("via link", File.ReadAllText(m["link"]));
            Assert.Equal(Errno.EINVAL, Sys.ReadLink(m["target"], out _).Errno);
            Assert.Equal(Errno.EEXIST, Sys.Symlink("x", m["link"]).Errno);
        });
        Assert.True(m.Fs.Calls.Count(Op.Symlink) >= 1);
        Assert.True(m.Fs.Calls.Count(Op.ReadLink) >= 1);
    }

    [Theory]
    [InlineData(FileMode.Fifo, 0UL)]
    [InlineData(FileMode.Socket, 0UL)]
    [InlineData(FileMode.Char, (1UL << 8) | 3)]  // makedev(1, 3): /dev/null
    [InlineData(FileMode.Block, (7UL << 8) | 0)] // makedev(7, 0): loop0
    public async Task MknodCreatesSpecialFiles(uint type, ulong dev)
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            Sys.Mknod(m["node"], type | 0x1A4, dev).Check();
            Sys.LStat(m["node"], out var st).Check();
            Assert.Equal(type, st.Type);
            Assert.Equal((uint)(dev >> 8), st.RdevMajor);
            Assert.Equal((uint)(dev & 0xFF), st.RdevMinor);
        });
        Assert.Equal(1, m.Fs.Calls.Count(Op.MakeNode));
    }

    [Fact]
    public async Task RenameReplacesAndMovesAcrossDirectories()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            File.WriteAllText(m["a"], "A");
            File.WriteAllText(m["b"], "B");
            Sys.Mkdir(m["d"]).Check();
            Sys.Mkdir(m["e"]).Check();
            File.WriteAllText(m["e/inside"], "x");

            Sys.Rename(m["a"], m["b"]).Check(); // replaces b
            Assert.Equal("A", File.ReadAllText(m["b"]));
            Assert.Equal(Errno.ENOENT, Sys.Stat(m["a"], out _).Errno);

            Sys.Rename(m["b"], m["d/b"]).Check();
            Assert.Equal("A", File.ReadAllText(m["d/b"]));
            Assert.Equal(Errno.EISDIR, Sys.Rename(m["d/b"], m["e"]).Errno);
            Assert.Equal(Errno.ENOTEMPTY, Sys.Rename(m["d"], m["e"]).Errno);
            Sys.Rename(m["e"], m["d/e"]).Check();
            Assert.Equal("x", File.ReadAllText(m["d/e/inside"]));
            Assert.Equal(Errno.EINVAL, Sys.Rename(m["d"], m["d/e/sub"]).Errno); // into its own subtree
        });
        Assert.True(m.Fs.Calls.Count(Op.Rename) >= 3);
    }

    [Fact]
    public async Task Rename2NoReplaceAndExchange()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            File.WriteAllText(m["a"], "A");
            File.WriteAllText(m["b"], "B");
            Sys.Mkdir(m["d"]).Check();

            Assert.Equal(Errno.EEXIST, Sys.Rename2(m["a"], m["b"], Sys.RenameNoReplace).Errno);
            Sys.Rename2(m["a"], m["c"], Sys.RenameNoReplace).Check();

            Sys.Rename2(m["c"], m["b"], Sys.RenameExchange).Check();
            Assert.Equal("B", File.ReadAllText(m["c"]));
            Assert.Equal("A", File.ReadAllText(m["b"]));

            Sys.Rename2(m["b"], m["d"], Sys.RenameExchange).Check(); // a file and a directory swap places
            Assert.True(Directory.Exists(m["b"]));
            Assert.Equal("A", File.ReadAllText(m["d"]));
            Assert.Equal(Errno.ENOENT, Sys.Rename2(m["c"], m["none"], Sys.RenameExchange).Errno);
        });
        // The VFS answers the EEXIST and ENOENT cases from the dentries it has just looked up.
        Assert.True(m.Fs.Calls.Count(Op.Rename2) >= 3);
    }
}
