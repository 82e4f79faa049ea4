using System.Diagnostics;

namespace DynamoFS.Fuse.Tests.Mounting;

/// <summary>
/// A separate process (DynamoFS.Fuse.TestHost) mounts and serves; the test kills it. With
/// auto_unmount the mount must disappear on its own, even after SIGKILL; on SIGTERM the host's
/// UnmountOnSignals unmounts cleanly and exits 0.
/// </summary>
[Collection(MountCollection.Name)]
public class AutoUnmountTests
{
    private static readonly TimeSpan MountTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan GoneTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Starts the host; the task completes when it prints "mounted" (after its signal handlers are in place).</summary>
    private static Process StartHost(string mountPoint, out Task mounted)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "DynamoFS.Fuse.TestHost.dll");
        Assert.True(File.Exists(host), $"{host} was not built next to the tests");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(host);
        psi.ArgumentList.Add(mountPoint);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data == "mounted") ready.TrySetResult(); };
        process.Start();
        mounted = ready.Task;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    [Fact]
    public async Task MountDisappearsWhenTheServingProcessIsKilled()
    {
        using var mp = new TempMountPoint();
        using var host = StartHost(mp.Path, out _);
        try
        {
            Assert.True(await TempMountPoint.WaitUntil(() => mp.IsMounted, MountTimeout), "the host never mounted");
            // Served by the other process.
            Assert.Equal(TestHost.HelloFileSystem.Content,
                await Task.Run(() => File.ReadAllBytes(mp.File(TestHost.HelloFileSystem.FileName))).WaitAsync(TimeSpan.FromSeconds(10)));

            host.Kill(); // SIGKILL: no managed code runs in the host
            await host.WaitForExitAsync().WaitAsync(GoneTimeout);
            Assert.True(await TempMountPoint.WaitUntil(() => !mp.IsMounted, GoneTimeout), "the mount outlived its killed process");
        }
        finally
        {
            if (!host.HasExited) host.Kill();
        }
    }

    [Fact]
    public async Task SigtermUnmountsCleanly()
    {
        using var mp = new TempMountPoint();
        using var host = StartHost(mp.Path, out var mounted);
        try
        {
            await mounted.WaitAsync(MountTimeout);
            Assert.True(mp.IsMounted);
            using (var kill = Process.Start("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, host.ExitCode);
            Assert.False(mp.IsMounted);
        }
        finally
        {
            if (!host.HasExited) host.Kill();
        }
    }
}
