using DynamoFS.Posix.Tests.Conformance;
using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Tools;

public abstract partial class ToolTests<TFs>
{
    [Fact]
    public void Tar_CreateAndExtract_EveryFileIdentical()
    {
        var src = Path.Combine(Dir, "src");
        var files = GenerateTree(src, seed: 1234);
        var archive = Path.Combine(Dir, "tree.tar");
        Tool(Dir, "tar", "-cf", archive, "-C", src, ".");
        var dst = Path.Combine(Dir, "dst");
        Directory.CreateDirectory(dst);
        Tool(Dir, "tar", "-xpf", archive, "-C", dst);

        Assert.Equal(Entries(src), Entries(dst));
        foreach (var rel in files.Append("hardlink-to-file020"))
        {
            var r = ProcessRunner.Run("cmp", Path.Combine(src, rel), Path.Combine(dst, rel));
            Assert.True(r.ExitCode == 0, $"cmp {rel}: {r}");
        }
        foreach (var rel in Entries(src).Where(e => Lstat(Path.Combine(src, e)).IsLink))
        {
            Assert.Equal(Errno.OK, Sys.Readlink(Path.Combine(src, rel), out var a));
            Assert.Equal(Errno.OK, Sys.Readlink(Path.Combine(dst, rel), out var b));
            Assert.Equal(a, b);
        }
        // tar stores hard links as links.
        Assert.Equal(Lstat(Path.Combine(dst, files[20])).Ino, Lstat(Path.Combine(dst, "hardlink-to-file020")).Ino);

        // The listing of the archive names every entry; a compressed round trip works too.
        var listed = Tool(Dir, "tar", "-tf", archive).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Entries(src).Count + 1, listed.Length); // + "./"
        Tool(Dir, "tar", "-czf", Path.Combine(Dir, "tree.tgz"), "-C", src, ".");
        var dst2 = Path.Combine(Dir, "dst2");
        Directory.CreateDirectory(dst2);
        Tool(Dir, "tar", "-xzf", Path.Combine(Dir, "tree.tgz"), "-C", dst2);
        Tool(Dir, "diff", "-r", "--no-dereference", src, dst2);
    }

    [Fact]
    public void CpA_PreservesModesOwnersAndNanosecondMtimes()
    {
        var src = Path.Combine(Dir, "src");
        var files = GenerateTree(src, seed: 99, files: 60);
        var rnd = new Random(5);
        uint[] modes = [0x1A4, 0x180, 0x1ED, 0x124, 0x1B6, 0x9ED /* 4755 */, 0x5ED /* 2755 */, 0x3FF /* 1777 */];
        (uint Uid, uint Gid)[] owners =
            [(0, 0), (Env.U1Id.Uid, Env.U1Id.Gid), (Env.U2Id.Uid, Env.G2), (Env.U1Id.Uid, Env.G1), (65432, 65432)];
        var all = Entries(src);
        foreach (var rel in all)
        {
            var path = Path.Combine(src, rel);
            var st = Lstat(path);
            var (uid, gid) = owners[rnd.Next(owners.Length)];
            Assert.Equal(Errno.OK, Sys.Lchown(path, uid, gid));
            if (!st.IsLink) Assert.Equal(Errno.OK, Sys.Chmod(path, st.IsDir ? (modes[rnd.Next(modes.Length)] | 0x1C0) : modes[rnd.Next(modes.Length)]));
        }
        // Times last (deepest first so that a directory's mtime is not disturbed by its children).
        foreach (var rel in all.OrderByDescending(e => e.Length))
        {
            var t = new Ts(1_500_000_000 + rnd.Next(100_000_000), (uint)rnd.Next(1_000_000_000));
            Assert.Equal(Errno.OK, Sys.Utimens(Path.Combine(src, rel), new Ts(t.Sec - 5, 1), t, noFollow: true));
        }

        var dst = Path.Combine(Dir, "dst");
        Tool(Dir, "cp", "-a", src, dst);

        Assert.Equal(all, Entries(dst));
        foreach (var rel in all)
        {
            var (a, b) = (Lstat(Path.Combine(src, rel)), Lstat(Path.Combine(dst, rel)));
            Assert.True(a.Mode == b.Mode && a.Uid == b.Uid && a.Gid == b.Gid && a.Size == b.Size && a.Mtime == b.Mtime,
                $"{rel}: {Describe(a)} vs {Describe(b)}");
        }
        foreach (var rel in files)
        {
            var r = ProcessRunner.Run("cmp", Path.Combine(src, rel), Path.Combine(dst, rel));
            Assert.True(r.ExitCode == 0, $"cmp {rel}: {r}");
        }
        // -a keeps hard links together.
        Assert.Equal(Lstat(Path.Combine(dst, files[20])).Ino, Lstat(Path.Combine(dst, "hardlink-to-file020")).Ino);
        // stat(1) agrees on the nanoseconds.
        var sample = Path.Combine(dst, files[15]);
        Assert.Equal(Lstat(sample).Mtime.ToString(), Tool(Dir, "stat", "-c", "%.9Y", sample).StdOut.Trim());
    }
}
