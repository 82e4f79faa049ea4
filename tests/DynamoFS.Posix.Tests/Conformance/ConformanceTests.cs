using System.Text;
using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

/// <summary>
/// The pjdfstest-style POSIX conformance cases, written against any <see cref="IFileSystemUnderTest"/>.
/// Expectations are what Linux gives on a local file system (validated on tmpfs). The cases are split
/// over partial files by system call; a file system is added with a one-line subclass in its collection
/// (see <see cref="TmpfsConformanceTests"/>). Each test gets a fresh 0777 directory <see cref="Dir"/>.
/// Steps as root run in-process through P/Invoke; steps as U1/U2/Outsider run the posixop helper under
/// setpriv. Users: U1 (groups: own, g1), U2 (own, g1, g2), Outsider (no passwd entry, no groups).
/// </summary>
public abstract partial class ConformanceTests<TFs> where TFs : IFileSystemUnderTest
{
    protected const uint RENAME_NOREPLACE = Libc.RENAME_NOREPLACE, RENAME_EXCHANGE = Libc.RENAME_EXCHANGE;
    protected const int XATTR_CREATE = Libc.XATTR_CREATE, XATTR_REPLACE = Libc.XATTR_REPLACE;

    protected ConformanceTests(TFs fs)
    {
        Fs = fs;
        Env = PosixEnvironment.Instance;
        Dir = fs.CreateTestDirectory(GetType().Name);
    }

    protected TFs Fs { get; }
    protected PosixEnvironment Env { get; }
    protected FileSystemCapabilities Caps => Fs.Capabilities;

    /// <summary>This test's fresh directory (mode 0777, owner root).</summary>
    protected string Dir { get; }

    protected IActor Root => Env.Root;
    protected IActor U1 => Env.U1;
    protected IActor U2 => Env.U2;
    protected IActor Outsider => Env.Outsider;
    protected uint U1Uid => Env.U1Id.Uid;
    protected uint U1Gid => Env.U1Id.Gid;
    protected uint U2Uid => Env.U2Id.Uid;
    protected uint U2Gid => Env.U2Id.Gid;
    protected uint G1 => Env.G1;
    protected uint G2 => Env.G2;

    /// <summary>A path inside <see cref="Dir"/>.</summary>
    protected string P(params string[] parts) => Path.Combine([Dir, .. parts]);

    protected static void Ok(Errno e, string? what = null) =>
        Assert.True(e == Errno.OK, $"expected success{(what is null ? "" : " of " + what)}, got {e}");

    protected static void Is(Errno expected, Errno actual, string? what = null) =>
        Assert.True(expected == actual, $"expected {expected}{(what is null ? "" : " from " + what)}, got {actual}");

    protected static StatInfo St(string path)
    {
        Ok(Sys.Stat(path, out var st), $"stat {path}");
        return st;
    }

    protected static StatInfo Lst(string path)
    {
        Ok(Sys.Lstat(path, out var st), $"lstat {path}");
        return st;
    }

    protected static bool Exists(string path) => Sys.Lstat(path, out _) == Errno.OK;

    protected static void AssertMode(uint expected, string path) =>
        Assert.Equal(Convert.ToString(expected, 8), Convert.ToString(Lst(path).Perm, 8));

    /// <summary>Root creates a regular file, then sets owner and mode (in that order: chown clears suid).</summary>
    protected string MkFile(string name, uint mode = 0b110_100_100, uint uid = 0, uint gid = 0, string content = "")
    {
        var path = P(name);
        using (var fd = Sys.OpenFd(path, OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_WRONLY, 0x1A4))
            if (content.Length > 0) Ok(fd.Write(content));
        Ok(Sys.Chown(path, uid, gid));
        Ok(Sys.Chmod(path, mode));
        return path;
    }

    /// <summary>Root creates a directory with owner and mode.</summary>
    protected string MkDir(string name, uint mode = 0x1ED, uint uid = 0, uint gid = 0)
    {
        var path = P(name);
        Ok(Sys.Mkdir(path, 0x1C0), $"mkdir {path}");
        Ok(Sys.Chown(path, uid, gid));
        Ok(Sys.Chmod(path, mode));
        return path;
    }

    protected static string ReadAll(string path)
    {
        using var fd = Sys.OpenFd(path, OpenFlags.O_RDONLY);
        Ok(fd.PRead(0, 1 << 24, out var data));
        return Encoding.UTF8.GetString(data);
    }

    /// <summary>Waits long enough that a new timestamp differs from one taken before.</summary>
    protected void Tick() => Thread.Sleep(Caps.TimestampTick);

    /// <summary>An old, exact timestamp to set with utimensat before checking that something updates it.</summary>
    protected static readonly Ts Past = new(1_000_000_000, 123_456_789);

    protected static uint O(string octal) => Convert.ToUInt32(octal, 8);
}
