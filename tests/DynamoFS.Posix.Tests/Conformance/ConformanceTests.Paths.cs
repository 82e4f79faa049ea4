using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void DeepPath_ChainOf100NestedDirectories()
    {
        var path = Dir;
        for (var i = 0; i < 100; i++)
        {
            path = Path.Combine(path, $"level{i:D3}");
            Ok(Root.Mkdir(path, O("755")), path);
        }
        var file = Path.Combine(path, "bottom.txt");
        using (var fd = Sys.OpenFd(file, OpenFlags.O_CREAT | OpenFlags.O_WRONLY, O("644"))) Ok(fd.Write("deep"));
        Assert.Equal("deep", ReadAll(file));
        Assert.Equal(4, St(file).Size);
        Ok(U1.Read(file, out var content));
        Assert.Equal("deep", content);

        Ok(Root.Unlink(file));
        for (var i = 99; i >= 0; i--)
        {
            Ok(Root.Rmdir(path), path);
            path = Path.GetDirectoryName(path)!;
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(Dir));
    }

    [Fact]
    public void DeepPath_LongerThanPathMax_ENAMETOOLONG()
    {
        var longPath = Dir + string.Concat(Enumerable.Repeat("/" + new string('d', 200), 21)); // > 4096
        Is(Errno.ENAMETOOLONG, Root.Stat(longPath));
        Is(Errno.ENAMETOOLONG, Root.Mkdir(longPath, O("755")));
    }

    [Fact]
    public void DeepPath_DotDotWalksBackUp()
    {
        MkDir("a");
        MkDir(Path.Combine("a", "b"));
        MkFile("top", content: "top");
        Assert.Equal("top", ReadAll(P("a", "b", "..", "..", "top")));
    }

    [Fact]
    public void Readdir_ListsEveryEntryOfALargeDirectory()
    {
        var expected = new HashSet<string>();
        for (var i = 0; i < 1000; i++)
        {
            var name = $"entry-{i:D4}";
            expected.Add(name);
            using (Sys.OpenFd(P(name), OpenFlags.O_CREAT | OpenFlags.O_WRONLY, O("644"))) { }
        }
        var listed = Directory.EnumerateFileSystemEntries(Dir).Select(Path.GetFileName).ToList();
        Assert.Equal(1000, listed.Count);
        Assert.True(expected.SetEquals(listed!));
    }

    [Fact]
    public void Readdir_ShowsEntryTypes()
    {
        MkDir("d");
        MkFile("f");
        Ok(Root.Symlink("f", P("l")));
        Ok(Root.Mkfifo(P("p"), O("644")));
        var entries = new DirectoryInfo(Dir).EnumerateFileSystemInfos().ToDictionary(e => e.Name);
        Assert.Equal(4, entries.Count);
        Assert.True(entries["d"] is DirectoryInfo);
        Assert.Equal("f", entries["l"].LinkTarget);
        Assert.True(entries["f"] is FileInfo);
    }

    [Fact]
    public void Readdir_WithoutReadPermission_EACCES()
    {
        var d = MkDir("d", O("711"));
        Is(Errno.EACCES, U1.Open(d, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY));
        MkFile(Path.Combine("d", "f"), O("644"), content: "x");
        Ok(U1.Read(Path.Combine(d, "f"), out var c)); // search (x) is enough to reach a known name
        Assert.Equal("x", c);
    }
}
