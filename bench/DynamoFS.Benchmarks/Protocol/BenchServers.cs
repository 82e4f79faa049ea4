using System.Diagnostics;
using System.Runtime.InteropServices;
using DynamoFS.Fuse;

namespace DynamoFS.Benchmarks.Protocol;

/// <summary>One side of the comparison, mounted and serving the benchmark tree at <see cref="Root"/>.</summary>
internal interface IBenchServer : IAsyncDisposable
{
    string Name { get; }
    string Root { get; }
    /// <summary>The process serving requests, whose CPU time the benchmark charges to the server.</summary>
    int ServerPid { get; }
}

/// <summary>Our protocol layer, hosted in this process.</summary>
internal sealed class OurServer : IBenchServer
{
    private readonly FuseMount _mount;

    private OurServer(string root, FuseMount mount) { Root = root; _mount = mount; }

    public string Name => "DynamoFS.Fuse";
    public string Root { get; }
    public int ServerPid => Environment.ProcessId; // the load generator is a child process: not counted

    public static async Task<OurServer> StartAsync(string root, BenchFileSystem fs)
    {
        var options = new FuseMountOptions { FsName = "dynamofs-bench", Subtype = "dynamofs-bench" };
        var mount = await FuseMount.MountAsync(root, fs, options).WaitAsync(TimeSpan.FromSeconds(20));
        return new OurServer(root, mount);
    }

    public async ValueTask DisposeAsync()
    {
        try { await _mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception) { FuseMount.Unmount(Root, lazy: true); }
        await _mount.DisposeAsync();
    }
}

/// <summary>libfuse/memfs_ll.c in its own process; stopped with SIGTERM so libfuse unmounts cleanly.</summary>
internal sealed class LibfuseServer : IBenchServer
{
    private const int SigTerm = 15;
    private readonly Process _process;

    private LibfuseServer(string root, Process process) { Root = root; _process = process; }

    public string Name => "libfuse3 (low-level)";
    public string Root { get; }
    public int ServerPid => _process.Id;

    public static LibfuseServer Start(string binary, string root, int size)
    {
        var p = Process.Start(new ProcessStartInfo(binary, [root, size.ToString()]) { RedirectStandardOutput = true })!;
        var ready = p.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result != "ready")
        {
            p.Kill();
            throw new InvalidOperationException("memfs_ll did not mount");
        }
        return new LibfuseServer(root, p);
    }

    public async ValueTask DisposeAsync()
    {
        kill(_process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            _process.Kill();
            NativeTools.Run("umount", ["-l", Root]);
        }
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
