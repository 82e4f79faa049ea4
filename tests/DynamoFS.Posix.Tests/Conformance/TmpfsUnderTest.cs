namespace DynamoFS.Posix.Tests.Conformance;

/// <summary>
/// A fresh tmpfs (<c>mount -t tmpfs -o mode=0777 tmpfs DIR</c>) in a temp directory, unmounted at the
/// end: the reference the expectations were validated against.
/// </summary>
public sealed class TmpfsUnderTest : FileSystemUnderTestBase
{
    private readonly string _mountPoint;

    public TmpfsUnderTest()
    {
        _mountPoint = Path.Combine(Path.GetTempPath(), $"dfs-posix-tmpfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_mountPoint);
        Native.Sys.Chmod(_mountPoint, 0x1ED); // 0755 below the mount
        ProcessRunner.Check("mount", "-t", "tmpfs", "-o", "mode=0777", "tmpfs", _mountPoint);
    }

    public override string Name => "tmpfs";
    public override string RootPath => _mountPoint;

    public override FileSystemCapabilities Capabilities { get; } = new()
    {
        // tmpfs implements only PUNCH_HOLE besides KEEP_SIZE; ZERO/COLLAPSE/INSERT_RANGE give EOPNOTSUPP.
        SupportedFallocateModes = Native.FallocMode.KeepSize | Native.FallocMode.PunchHole,
    };

    public override void Dispose()
    {
        var r = ProcessRunner.Run("umount", _mountPoint);
        if (r.ExitCode != 0) ProcessRunner.Run("umount", "-l", _mountPoint);
        try { Directory.Delete(_mountPoint); } catch (IOException) { }
    }
}

/// <summary>Collection for the conformance cases on tmpfs (one tmpfs for all of them).</summary>
[CollectionDefinition(Name)]
public sealed class TmpfsCollection : ICollectionFixture<TmpfsUnderTest>
{
    public const string Name = "tmpfs conformance";
}
