using System.Text;

namespace DynamoFS.Cli.Mounting;

/// <summary>One line of /proc/self/mountinfo.</summary>
public sealed record MountEntry(string MountPoint, string FsType, string Source)
{
    public bool IsDynamoFs => FsType == "fuse.dynamofs";
}

/// <summary>
/// The mounts this process sees, from /proc/self/mountinfo ("36 35 98:0 / /mnt rw,noatime
/// master:1 - fuse.dynamofs local:demo rw,..."): fields before " - " are fixed plus optional
/// tags, after it come type and source. Paths escape space, tab, newline and backslash as octal.
/// </summary>
public static class MountTable
{
    public static IReadOnlyList<MountEntry> Read(string path = "/proc/self/mountinfo")
    {
        var entries = new List<MountEntry>();
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return entries;
        }
        foreach (var line in lines)
        {
            if (Parse(line) is { } entry)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    public static MountEntry? Parse(string line)
    {
        var separator = line.IndexOf(" - ", StringComparison.Ordinal);
        if (separator < 0)
        {
            return null;
        }
        var before = line[..separator].Split(' ');
        var after = line[(separator + 3)..].Split(' ');
        if (before.Length < 5 || after.Length < 2)
        {
            return null;
        }
        return new MountEntry(Unescape(before[4]), Unescape(after[0]), Unescape(after[1]));
    }

    /// <summary>The mount whose mount point is exactly <paramref name="mountPoint"/> (the last, topmost one).</summary>
    public static MountEntry? Find(string mountPoint) =>
        Read().LastOrDefault(m => m.MountPoint == Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint)));

    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                text.Append((char)((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
