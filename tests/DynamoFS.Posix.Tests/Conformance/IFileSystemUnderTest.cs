using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

/// <summary>
/// A mounted file system the conformance and tool suites run against: only a directory path, a name
/// for reports and what it is expected to support. Implementations are xunit collection fixtures.
/// </summary>
public interface IFileSystemUnderTest
{
    /// <summary>Name for reports, e.g. "tmpfs".</summary>
    string Name { get; }

    /// <summary>A directory inside the file system where tests may create anything (mode 0777).</summary>
    string RootPath { get; }

    FileSystemCapabilities Capabilities { get; }

    /// <summary>A fresh, empty directory (mode 0777, owned by root) for one test.</summary>
    string CreateTestDirectory(string hint);
}

/// <summary>
/// What a file system supports beyond the POSIX core. A case whose feature is missing asserts the
/// documented refusal instead (e.g. EOPNOTSUPP for an unsupported fallocate mode).
/// </summary>
public sealed record FileSystemCapabilities
{
    /// <summary>mknod of character and block devices (as root).</summary>
    public bool SupportsDeviceNodes { get; init; } = true;

    /// <summary>mknod(S_IFSOCK).</summary>
    public bool SupportsSocketNodes { get; init; } = true;

    /// <summary>trusted.* extended attributes (root only).</summary>
    public bool SupportsTrustedXattrs { get; init; } = true;

    /// <summary>Largest xattr value the suite round-trips (Linux VFS caps at 64 KiB).</summary>
    public int MaxXattrValueSize { get; init; } = 65536;

    /// <summary>Holes are not allocated (st_blocks of a sparse file is below its size).</summary>
    public bool SparseFiles { get; init; } = true;

    /// <summary>SEEK_DATA/SEEK_HOLE report the real holes (not just "all data, hole at EOF").</summary>
    public bool SeekHoleReportsHoles { get; init; } = true;

    /// <summary>fallocate modes beyond 0 and KEEP_SIZE that succeed; others must fail with EOPNOTSUPP.</summary>
    public FallocMode SupportedFallocateModes { get; init; } = FallocMode.KeepSize | FallocMode.PunchHole;

    /// <summary>read(2) updates atime when atime is older than mtime (relatime or strictatime).</summary>
    public bool UpdatesAtimeOnRead { get; init; } = true;

    /// <summary>How long to wait so that a later timestamp is distinguishable from an earlier one.</summary>
    public TimeSpan TimestampTick { get; init; } = TimeSpan.FromMilliseconds(20);
}

/// <summary>
/// Base for fixtures: hands out numbered fresh test directories below <see cref="RootPath"/>.
/// A new file system only has to provide the mount (ctor) and unmount (Dispose).
/// </summary>
public abstract class FileSystemUnderTestBase : IFileSystemUnderTest, IDisposable
{
    private int _counter;

    public abstract string Name { get; }
    public abstract string RootPath { get; }
    public virtual FileSystemCapabilities Capabilities { get; } = new();

    /// <summary>Users, groups and the helper are ready once a fixture exists.</summary>
    public PosixEnvironment Environment { get; } = PosixEnvironment.Instance;

    public string CreateTestDirectory(string hint)
    {
        var n = Interlocked.Increment(ref _counter);
        var safe = new string(hint.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var dir = Path.Combine(RootPath, $"{n:D4}-{safe}");
        var e = Sys.Mkdir(dir, 0x1FF);
        if (e != Errno.OK) throw new IOException($"mkdir {dir}: {e}");
        e = Sys.Chmod(dir, 0x1FF); // 0777 whatever the umask
        if (e != Errno.OK) throw new IOException($"chmod {dir}: {e}");
        return dir;
    }

    public abstract void Dispose();
}
