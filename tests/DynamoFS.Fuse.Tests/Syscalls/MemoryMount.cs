using System.Diagnostics;
using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// A <see cref="MemoryFileSystem"/> mounted through the real kernel in a fresh temp directory.
/// Disposal always leaves nothing mounted: a clean unmount first, then abort and lazy unmount.
/// Test bodies run through <see cref="Run"/>, so a request the layer never answers fails the
/// test after a timeout (and the abort unblocks the stuck system call) instead of hanging it.
/// </summary>
public sealed class MemoryMount : IAsyncDisposable
{
    private static readonly TimeSpan UnmountTimeout = TimeSpan.FromSeconds(5);
    private readonly uint _connection;

    private MemoryMount(string root, MemoryFileSystem fs, FuseMount mount, uint connection)
    {
        Root = root;
        Fs = fs;
        Mount = mount;
        _connection = connection;
    }

    public string Root { get; }
    public MemoryFileSystem Fs { get; }
    public FuseMount Mount { get; }

    public string this[string relative] => Path.Combine(Root, relative);

    public static async Task<MemoryMount> StartAsync(MemoryFileSystem? fs = null, FuseMountOptions? options = null)
    {
        fs ??= new MemoryFileSystem();
        string root = Directory.CreateTempSubdirectory("dynamofs-fusetest-").FullName;
        options ??= new FuseMountOptions { FsName = "memfs-test", Subtype = "memfs" };
        FuseMount mount;
        try
        {
            mount = await FuseMount.MountAsync(root, fs, options).WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch
        {
            TryDelete(root);
            throw;
        }
        // The connection id under /sys/fs/fuse/connections is the minor device number of the mount.
        Sys.Stat(root, out var st);
        return new MemoryMount(root, fs, mount, st.DevMinor);
    }

    /// <summary>Runs blocking system calls off the test thread, failing (and aborting the mount) after a timeout.</summary>
    public async Task Run(Action body, int timeoutSeconds = 30)
    {
        var task = Task.Factory.StartNew(body, TaskCreationOptions.LongRunning);
        if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(timeoutSeconds))) != task)
        {
            Abort();
            throw new TimeoutException($"the mount did not answer within {timeoutSeconds} s (connection aborted)");
        }
        await task;
    }

    /// <summary>Aborts the FUSE connection: every pending and future request fails with ENOTCONN.</summary>
    public void Abort()
    {
        try { File.WriteAllText($"/sys/fs/fuse/connections/{_connection}/abort", "1"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public async ValueTask DisposeAsync()
    {
        bool clean = false;
        try
        {
            await Mount.UnmountAsync().WaitAsync(UnmountTimeout);
            clean = true;
        }
        catch (Exception) { }
        if (!clean)
        {
            Abort();
            try { FuseMount.Unmount(Root, lazy: true); }
            catch (Exception) { LazyUnmountWithTool(Root); }
        }
        try { await Mount.Completion.WaitAsync(UnmountTimeout); }
        catch (Exception) { }
        await Mount.DisposeAsync();
        TryDelete(Root);
    }

    private static void LazyUnmountWithTool(string root)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("umount", ["-l", root]) { RedirectStandardError = true });
            p?.WaitForExit(5000);
        }
        catch (Exception) { }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir); }
        catch (IOException) { }
    }
}
