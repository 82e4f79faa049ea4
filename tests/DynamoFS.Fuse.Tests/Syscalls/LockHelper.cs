using System.Diagnostics;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// Runs Helpers/lockwait.c, compiled with gcc once per test run, as a second process holding or
/// waiting for an fcntl lock. Disposal closes its stdin (it lets go) and kills it if need be.
/// </summary>
public sealed class LockHelper : IDisposable
{
    private static readonly Lazy<string> Binary = new(Compile);
    private readonly Process _process;

    private LockHelper(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <param name="mode">"wait" (F_SETLKW) or "hold" (F_SETLK).</param>
    public static LockHelper Start(string mode, string path)
    {
        var psi = new ProcessStartInfo(Binary.Value, [mode, path])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var helper = new LockHelper(Process.Start(psi)!);
        Assert.Equal("ready", helper.ReadLine(TimeSpan.FromSeconds(10)));
        return helper;
    }

    /// <summary>The next output line, or null if none comes in time.</summary>
    public string? ReadLine(TimeSpan timeout)
    {
        var line = _process.StandardOutput.ReadLineAsync();
        return line.Wait(timeout) ? line.Result : null;
    }

    /// <summary>The next output line as a task, for waiting on several helpers at once.</summary>
    public Task<string?> NextLineAsync() => _process.StandardOutput.ReadLineAsync();

    /// <summary>Waits for "rc=.. errno=.." and returns errno (0 when the lock was taken).</summary>
    public int? WaitResult(TimeSpan timeout)
    {
        var line = ReadLine(timeout);
        if (line is null || !line.StartsWith("rc=", StringComparison.Ordinal)) return null;
        return int.Parse(line[(line.IndexOf("errno=", StringComparison.Ordinal) + 6)..]);
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (!_process.WaitForExit(5000)) _process.Kill();
        _process.Dispose();
    }

    /// <summary>
    /// Compiles once per version of the source: the binary is named by the source's hash and
    /// reused by later runs (renamed into place, so concurrent test runs never see half a file).
    /// </summary>
    private static string Compile()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Helpers", "lockwait.c");
        string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(source)))[..16];
        string output = Path.Combine(Path.GetTempPath(), $"dynamofs-lockwait-{hash}");
        if (File.Exists(output)) return output;
        string building = $"{output}.{Environment.ProcessId}";
        using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-O1", "-o", building, source]) { RedirectStandardError = true })!;
        string errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        if (gcc.ExitCode != 0) throw new InvalidOperationException($"gcc failed: {errors}");
        File.Move(building, output, overwrite: true);
        return output;
    }
}
