using System.Collections.Concurrent;
using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

/// <summary>Data integrity and concurrent steps (several threads of this process, all as root).</summary>
public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void Data_UnalignedWritesAcrossBlockBoundaries_ReadBackIdentical()
    {
        var f = P("data");
        var rnd = new Random(11);
        var model = new byte[3 * 1024 * 1024 + 123];
        using (var fd = Sys.OpenFd(f, OpenFlags.O_CREAT | OpenFlags.O_RDWR, O("644")))
        {
            for (var i = 0; i < 200; i++)
            {
                var off = rnd.Next(model.Length - 1);
                var len = Math.Min(rnd.Next(1, 70_000), model.Length - off);
                var chunk = new byte[len];
                rnd.NextBytes(chunk);
                Ok(fd.PWrite(chunk, off));
                chunk.CopyTo(model, off);
            }
            Ok(fd.PWrite(model.AsSpan(model.Length - 1), model.Length - 1)); // fix the size
            Ok(fd.Fsync());
        }
        Assert.Equal(model.Length, St(f).Size);
        using var r = Sys.OpenFd(f, OpenFlags.O_RDONLY);
        Ok(r.PRead(0, model.Length + 10, out var read));
        Assert.True(model.AsSpan().SequenceEqual(read), "content differs from the model");
    }

    [Fact]
    public void Data_ReadAtAndPastEof()
    {
        var f = MkFile("f", content: "0123456789");
        using var fd = Sys.OpenFd(f, OpenFlags.O_RDONLY);
        Ok(fd.PRead(8, 100, out var tail));
        Assert.Equal("89"u8.ToArray(), tail);
        Ok(fd.PRead(10, 100, out var atEof));
        Assert.Empty(atEof);
        Ok(fd.PRead(1000, 100, out var past));
        Assert.Empty(past);
    }

    [Fact]
    public void Concurrent_CreatExcl_ExactlyOneCreatorWinsPerName()
    {
        var wins = new ConcurrentDictionary<int, int>();
        Parallel.For(0, 8, _ =>
        {
            for (var n = 0; n < 40; n++)
            {
                var e = Sys.Open(P($"race{n}"), OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_WRONLY, O("644"));
                if (e == Errno.OK) wins.AddOrUpdate(n, 1, (_, c) => c + 1);
                else Assert.Equal(Errno.EEXIST, e);
            }
        });
        Assert.Equal(40, wins.Count);
        Assert.All(wins.Values, c => Assert.Equal(1, c));
    }

    [Fact]
    public void Concurrent_MkdirSameName_ExactlyOneWins()
    {
        var results = new ConcurrentBag<Errno>();
        Parallel.For(0, 16, _ => results.Add(Sys.Mkdir(P("d"), O("755"))));
        Assert.Equal(1, results.Count(e => e == Errno.OK));
        Assert.All(results.Where(e => e != Errno.OK), e => Assert.Equal(Errno.EEXIST, e));
        Assert.Equal(3u, St(Dir).Nlink);
    }

    [Fact]
    public void Concurrent_AppendersFromSeparateDescriptors_LoseNothing()
    {
        var f = MkFile("log");
        const int writers = 4, lines = 200;
        Parallel.For(0, writers, w =>
        {
            using var fd = Sys.OpenFd(f, OpenFlags.O_WRONLY | OpenFlags.O_APPEND);
            for (var i = 0; i < lines; i++) Ok(fd.Write($"w{w} line {i:D4}\n"));
        });
        var all = ReadAll(f).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(writers * lines, all.Length);
        Assert.Equal(writers * lines, all.Distinct().Count());
    }

    [Fact]
    public void Concurrent_RenamesOntoOneTarget_LeaveExactlyOneFile()
    {
        for (var i = 0; i < 32; i++) MkFile($"src{i}", content: $"content {i}");
        var results = new ConcurrentBag<Errno>();
        Parallel.For(0, 32, i => results.Add(Sys.Rename(P($"src{i}"), P("target"))));
        Assert.All(results, e => Assert.Equal(Errno.OK, e));
        Assert.Equal(["target"], Directory.EnumerateFileSystemEntries(Dir).Select(p => Path.GetFileName(p)).ToList());
        Assert.StartsWith("content ", ReadAll(P("target")));
        Assert.Equal(1u, St(P("target")).Nlink);
    }

    [Fact]
    public void Rename_OverOpenFile_OldDescriptorStillReadsOldData()
    {
        var a = MkFile("a", content: "new");
        var b = MkFile("b", content: "old");
        using var fd = Sys.OpenFd(b, OpenFlags.O_RDONLY);
        Ok(Root.Rename(a, b));
        Ok(fd.PRead(0, 10, out var data));
        Assert.Equal("old"u8.ToArray(), data);
        Assert.Equal(0u, fd.Stat().Nlink);
        Assert.Equal("new", ReadAll(b));
    }

    [Fact]
    public void Rename_FileOntoSymlink_ReplacesLinkNotTarget()
    {
        MkFile("t", content: "target");
        Ok(Root.Symlink("t", P("l")));
        MkFile("a", content: "a");
        Ok(Root.Rename(P("a"), P("l")));
        Assert.True(Lst(P("l")).IsReg);
        Assert.Equal("target", ReadAll(P("t")));
    }

    [Fact]
    public void Rename_DirectoryOntoItself_NoOp()
    {
        MkDir("d");
        Ok(Root.Rename(P("d"), P("d")));
        Assert.True(St(P("d")).IsDir);
    }

    [Fact]
    public void Open_CreatWithDirectoryFlag_EINVAL()
    {
        // Since Linux 6.4 O_CREAT|O_DIRECTORY is rejected with EINVAL and creates nothing.
        Is(Errno.EINVAL, Root.Open(P("x"), OpenFlags.O_CREAT | OpenFlags.O_DIRECTORY | OpenFlags.O_RDONLY, O("755")));
        Assert.False(Exists(P("x")));
    }
}
