namespace DynamoFS.Fuse;

/// <summary>
/// Who asks, for one request: the caller's credentials as the kernel reports them, and a token
/// that fires when the kernel interrupts the request (FUSE_INTERRUPT) or the session ends.
/// Supplementary groups are not in the protocol; <see cref="GetSupplementaryGroups"/> reads
/// them from /proc on demand, because most requests never need them.
/// </summary>
public sealed class FuseContext
{
    public FuseContext(ulong unique, uint uid, uint gid, uint pid, CancellationToken cancellation)
    {
        Unique = unique;
        Uid = uid;
        Gid = gid;
        Pid = pid;
        Cancellation = cancellation;
    }

    /// <summary>The request's unique id in the session.</summary>
    public ulong Unique { get; }
    public uint Uid { get; }
    public uint Gid { get; }
    /// <summary>The calling thread group id; 0 for requests the kernel makes on its own behalf.</summary>
    public uint Pid { get; }
    public CancellationToken Cancellation { get; }

    private uint[]? _groups;

    /// <summary>
    /// The caller's supplementary group ids, read from /proc/PID/task/PID/status (the "Groups:"
    /// line). Empty when the process is gone or PID is 0.
    /// </summary>
    public IReadOnlyList<uint> GetSupplementaryGroups() => _groups ??= ProcessGroups.Read(Pid);
}

/// <summary>Reads a process's supplementary groups from procfs.</summary>
public static class ProcessGroups
{
    public static uint[] Read(uint pid)
    {
        if (pid == 0) return [];
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/task/{pid}/status"))
            {
                if (!line.StartsWith("Groups:", StringComparison.Ordinal)) continue;
                var parts = line.AsSpan(7).Trim();
                var result = new List<uint>();
                foreach (var range in parts.Split(' '))
                {
                    var token = parts[range].Trim();
                    if (token.Length > 0 && uint.TryParse(token, out var g)) result.Add(g);
                }
                return [.. result];
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return [];
    }
}
