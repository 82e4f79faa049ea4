using System.Globalization;

namespace DynamoFS.Fuse.Mounting;

/// <summary>Reads /proc/self/mountinfo: is a path a FUSE mount, and which connection serves it.</summary>
internal static class MountTable
{
    /// <summary>One mountinfo line: mount point (unescaped), filesystem type, and the device minor (the FUSE connection id).</summary>
    public readonly record struct MountEntry(string MountPoint, string FsType, int DeviceMinor);

    public static IEnumerable<MountEntry> Read(string path = "/proc/self/mountinfo")
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            yield break;
        }
        foreach (var line in lines)
        {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            var fields = line.Split(' ');
            int dash = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || dash < 0 || dash + 1 >= fields.Length) continue;
            var dev = fields[2].Split(':');
            if (dev.Length != 2 || !int.TryParse(dev[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor)) continue;
            yield return new MountEntry(Unescape(fields[4]), fields[dash + 1], minor);
        }
    }

    /// <summary>The FUSE mount at <paramref name="mountPoint"/> (the last one, if stacked), or null.</summary>
    public static MountEntry? FindFuse(string mountPoint)
    {
        MountEntry? found = null;
        foreach (var e in Read())
        {
            if (e.MountPoint == mountPoint && (e.FsType == "fuse" || e.FsType.StartsWith("fuse.", StringComparison.Ordinal)))
                found = e;
        }
        return found;
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo.</summary>
    private static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new System.Text.StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s, i + 1))
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(s[i]);
            }
        }
        return sb.ToString();
    }

    private static bool IsOctal(string s, int at) =>
        at + 3 <= s.Length && s[at] is >= '0' and <= '7' && s[at + 1] is >= '0' and <= '7' && s[at + 2] is >= '0' and <= '7';

    /// <summary>Aborts a FUSE connection (the last resort for a session that will not end).</summary>
    public static bool TryAbortConnection(int connectionId)
    {
        try
        {
            File.WriteAllText($"/sys/fs/fuse/connections/{connectionId}/abort", "1");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
