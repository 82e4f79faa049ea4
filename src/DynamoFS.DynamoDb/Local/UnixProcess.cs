using System.Runtime.InteropServices;

namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// Signals and liveness of a process known only by its id (a detached emulator outlives the
/// process that started it, so there is no Process object to ask). Reads /proc; Linux only.
/// </summary>
internal static partial class UnixProcess
{
    private const int SIGTERM = 15;
    private const int SIGKILL = 9;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            // Field 3 of /proc/pid/stat is the state; Z (zombie) and X (dead) count as gone.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>The process's argv joined by spaces, or "" when it is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>
    /// SIGTERM (the JVM runs its shutdown hooks and closes the sqlite files), then SIGKILL if it is
    /// still there after <paramref name="grace"/>. Returns false when the process was already gone.
    /// </summary>
    public static async Task<bool> TerminateAsync(int pid, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (!IsAlive(pid) || kill(pid, SIGTERM) != 0)
        {
            return false;
        }
        var deadline = DateTime.UtcNow + grace;
        while (IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        if (IsAlive(pid))
        {
            kill(pid, SIGKILL);
            for (var i = 0; i < 100 && IsAlive(pid); i++)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
        return true;
    }
}
