using System.Text;
using DynamoFS.Posix.Tests.Conformance;
using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Tools;

/// <summary>
/// Real tools working inside the file system under test: git, tar + cmp, cp -a, dotnet build.
/// Same fixture abstraction as the conformance cases; add a file system with a one-line subclass
/// (see <see cref="TmpfsToolTests"/>).
/// </summary>
public abstract partial class ToolTests<TFs> where TFs : IFileSystemUnderTest
{
    protected ToolTests(TFs fs)
    {
        Fs = fs;
        Env = PosixEnvironment.Instance;
        Dir = fs.CreateTestDirectory(GetType().Name);
    }

    protected TFs Fs { get; }
    protected PosixEnvironment Env { get; }
    protected string Dir { get; }

    /// <summary>Environment for tools: no user or system config, C locale.</summary>
    protected Dictionary<string, string> ToolEnv() => new()
    {
        ["HOME"] = Path.Combine(Dir, "home"),
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["LC_ALL"] = "C",
        ["TZ"] = "UTC",
    };

    protected ProcessResult Tool(string workingDir, string file, params string[] args)
    {
        Directory.CreateDirectory(Path.Combine(Dir, "home"));
        return ProcessRunner.Check(file, args, workingDir, ToolEnv());
    }

    /// <summary>
    /// Generates a tree: nested directories, ~200 regular files of random sizes (empty ones and a few
    /// MiB-sized ones among them), symlinks (relative, absolute-dangling, to directories) and a hard
    /// link pair. Deterministic for a seed. Returns the relative paths of the regular files.
    /// </summary>
    protected static List<string> GenerateTree(string root, int seed, int files = 200)
    {
        var rnd = new Random(seed);
        var dirs = new List<string> { "" };
        Directory.CreateDirectory(root);
        for (var i = 0; i < 30; i++)
        {
            var parent = dirs[rnd.Next(dirs.Count)];
            var rel = Path.Combine(parent, $"dir{i:D2}");
            Directory.CreateDirectory(Path.Combine(root, rel));
            dirs.Add(rel);
        }
        var written = new List<string>();
        for (var i = 0; i < files; i++)
        {
            var rel = Path.Combine(dirs[rnd.Next(dirs.Count)], $"file{i:D3}{(i % 7 == 0 ? ".bin" : ".txt")}");
            var size = i switch
            {
                < 10 => 0,                                    // empty
                < 13 => 1024 * 1024 * (2 + rnd.Next(3)) + rnd.Next(4096), // a few MiB
                _ => rnd.Next(3) == 0 ? rnd.Next(200_000) : rnd.Next(5000),
            };
            var data = new byte[size];
            rnd.NextBytes(data);
            File.WriteAllBytes(Path.Combine(root, rel), data);
            written.Add(rel);
        }
        for (var i = 0; i < 12; i++)
        {
            var dir = dirs[rnd.Next(dirs.Count)];
            var target = i switch
            {
                < 6 => Path.GetRelativePath(Path.Combine(root, dir), Path.Combine(root, written[rnd.Next(written.Count)])),
                < 9 => "/nonexistent/dangling/target",
                _ => Path.GetRelativePath(Path.Combine(root, dir), Path.Combine(root, dirs[rnd.Next(dirs.Count)])),
            };
            File.CreateSymbolicLink(Path.Combine(root, dir, $"link{i:D2}"), target);
        }
        Assert.Equal(Errno.OK, Sys.Link(Path.Combine(root, written[20]), Path.Combine(root, "hardlink-to-file020")));
        return written;
    }

    /// <summary>All entries below <paramref name="root"/>, relative, sorted; symlinks are not followed.</summary>
    protected static List<string> Entries(string root)
    {
        var result = new List<string>();
        void Walk(string dir)
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(dir))
            {
                result.Add(Path.GetRelativePath(root, path));
                if (Lstat(path).IsDir) Walk(path);
            }
        }
        Walk(root);
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    protected static StatInfo Lstat(string path)
    {
        Assert.Equal(Errno.OK, Sys.Lstat(path, out var st));
        return st;
    }

    protected static string Describe(StatInfo st) =>
        new StringBuilder().Append(Convert.ToString(st.Mode, 8)).Append(' ').Append(st.Uid).Append(':').Append(st.Gid)
            .Append(" size ").Append(st.Size).Append(" mtime ").Append(st.Mtime).ToString();
}
