using DynamoFS.Fuse.TestHost;

namespace DynamoFS.Fuse.Tests.Mounting;

/// <summary>
/// Mounts HelloFileSystem through each mount path and reads it back through the kernel with
/// System.IO. Every kernel call runs with a timeout so a protocol bug fails the test instead of
/// hanging it; the mount is always removed.
/// </summary>
[Collection(MountCollection.Name)]
public class MountSmokeTests
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(10);

    private static Task<T> Kernel<T>(Func<T> call) => Task.Run(call).WaitAsync(IoTimeout);

    [Theory]
    [InlineData(false)] // mount(2) directly (we run as root)
    [InlineData(true)]  // fusermount3 with fd passing and auto_unmount
    public async Task MountStatReadListAndUnmount(bool fusermount)
    {
        using var mp = new TempMountPoint();
        var fs = new HelloFileSystem();
        var options = new FuseMountOptions
        {
            FsName = "dynamofs-test",
            Subtype = "dynamofs-test",
            AutoUnmount = fusermount,
            ForceFusermount = fusermount,
            ReaderThreads = 2,
        };
        var mount = await FuseMount.MountAsync(mp.Path, fs, options);
        try
        {
            Assert.Equal(fusermount, mount.UsedFusermount);
            Assert.True(mp.IsMounted);
            Assert.True(mount.ConnectionId > 0);

            string file = mp.File(HelloFileSystem.FileName);
            Assert.Equal(HelloFileSystem.Content.Length, await Kernel(() => new FileInfo(file).Length));
            Assert.Equal(HelloFileSystem.Content, await Kernel(() => File.ReadAllBytes(file)));
            Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc).AddTicks(1234567),
                await Kernel(() => File.GetLastWriteTimeUtc(file)));
            var names = await Kernel(() => Directory.GetFileSystemEntries(mp.Path).Select(p => Path.GetFileName(p)!).ToArray());
            Assert.Equal(new[] { HelloFileSystem.FileName }, names);
            Assert.False(await Kernel(() => File.Exists(mp.File("nope"))));
            // Concurrent readers through several reader threads; O_DIRECT-free reads hit the page cache after the first.
            Assert.Equal(64, await Kernel(() =>
            {
                int ok = 0;
                Parallel.For(0, 64, _ => { if (File.ReadAllBytes(file).AsSpan().SequenceEqual(HelloFileSystem.Content)) Interlocked.Increment(ref ok); });
                return ok;
            }));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Kernel(() => { File.WriteAllText(file, "x"); return 0; }));
        }
        finally
        {
            await mount.DisposeAsync();
        }
        Assert.True(mount.Completion.IsCompletedSuccessfully);
        Assert.False(mp.IsMounted);
        Assert.True(fs.Destroyed);
        Assert.True(fs.Forgets >= 1, "hello.txt was looked up, so it must be forgotten by the end");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadOnlyMountRefusesWrites(bool fusermount)
    {
        using var mp = new TempMountPoint();
        var options = new FuseMountOptions { FsName = "dynamofs-test", Subtype = "dynamofs-test", ReadOnly = true, AutoUnmount = fusermount, ForceFusermount = fusermount };
        await using var mount = await FuseMount.MountAsync(mp.Path, new HelloFileSystem(), options);
        Assert.Contains(" ro,", File.ReadAllLines("/proc/self/mountinfo").Single(l => l.Contains(mp.Path, StringComparison.Ordinal)));
        var ex = await Assert.ThrowsAsync<IOException>(() => Kernel(() => { File.WriteAllText(mp.File("new"), "x"); return 0; }));
        Assert.Contains("Read-only", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnmountFromOutsideEndsTheSession()
    {
        using var mp = new TempMountPoint();
        var fs = new HelloFileSystem();
        var mount = await FuseMount.MountAsync(mp.Path, fs, new FuseMountOptions { AutoUnmount = false, FsName = "dynamofs-test", Subtype = "dynamofs-test" });
        await using (mount)
        {
            FuseMount.Unmount(mp.Path);
            await mount.Completion.WaitAsync(IoTimeout);
            Assert.True(fs.Destroyed);
        }
    }

    [Fact]
    public async Task MissingMountPointIsRefusedWithEnoent()
    {
        string missing = Path.Combine(Path.GetTempPath(), "dynamofs-missing-" + Guid.NewGuid().ToString("N"));
        var ex = await Assert.ThrowsAsync<FuseMountException>(() => FuseMount.MountAsync(missing, new HelloFileSystem(), new FuseMountOptions()));
        Assert.Equal(Errno.ENOENT, ex.Errno);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public async Task MountPointThatIsAFileIsRefusedWithEnotdir()
    {
        string file = Path.GetTempFileName();
        try
        {
            var ex = await Assert.ThrowsAsync<FuseMountException>(() => FuseMount.MountAsync(file, new HelloFileSystem(), new FuseMountOptions()));
            Assert.Equal(Errno.ENOTDIR, ex.Errno);
            Assert.Contains("not a directory", ex.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
