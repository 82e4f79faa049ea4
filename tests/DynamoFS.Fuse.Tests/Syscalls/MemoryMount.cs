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

    /// <summary>The session's opcode trace, when started with <c>traceOpcodes</c>.</summary>
    public OpcodeTrace? Trace { get; private init; }

    public static async Task<MemoryMount> StartAsync(MemoryFileSystem? fs = null, FuseMountOptions? options = null, bool traceOpcodes = false)
    {
        fs ??= new MemoryFileSystem();
        string root = Directory.CreateTempSubdirectory("dynamofs-fusetest-").FullName;
        options ??= new FuseMountOptions { FsName = "memfs-test", Subtype = "memfs" };
        var trace = traceOpcodes ? new OpcodeTrace() : null;
        FuseMount mount;
        try
        {
            mount = await FuseMount.MountAsync(root, fs, options, trace).WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch
        {
            TryDelete(root);
            throw;
        }
        // The connection id under /sys/fs/fuse/connections is the minor device number of the mount.
        uint connection = mount.ConnectionId >= 0 ? (uint)mount.ConnectionId : Sys.Stat(root, out var st).Ok ? st.DevMinor : 0;
        return new MemoryMount(root, fs, mount, connection) { Trace = trace };
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
        string abort = $"/sys/fs/fuse/connections/{_connection}/abort";
        // Only reached when a test already hangs: then mount fusectl if the system has not (some
        // containers do not), because aborting is the one way to unblock a stuck system call.
        if (!File.Exists(abort)) RunTool("mount", "-t", "fusectl", "fusectl", "/sys/fs/fuse/connections");
        try { File.WriteAllText(abort, "1"); }
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
            catch (Exception) { RunTool("umount", "-l", Root); }
        }
        try { await Mount.Completion.WaitAsync(UnmountTimeout); }
        catch (Exception) { }
        await Mount.DisposeAsync();
        TryDelete(Root);
    }

    private static void RunTool(string file, params string[] args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true });
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
