namespace DynamoFS.Cli;

/// <summary>
/// The mount(8) helper convention. `mount -t fuse.dynamofs aws:us-east-1/Team /mnt/team` (or an
/// fstab line of that type) makes mount(8) run /sbin/mount.fuse.dynamofs SOURCE DIR [-sfnv] [-o opts];
/// `make install` links that name (and the seed's mount.fuse.dynamo) to this binary, which then
/// behaves as `dynamofs mount SOURCE DIR -o opts`.
/// </summary>
public static class MountHelper
{
    /// <summary>argv[0] as the kernel got it: a symlink's own name, which ProcessPath (resolved) loses.</summary>
    public static string InvokedName()
    {
        try
        {
            var cmdline = File.ReadAllText("/proc/self/cmdline");
            var first = cmdline.Split('\0')[0];
            return Path.GetFileName(first);
        }
        catch (IOException)
        {
            return Path.GetFileName(Environment.GetCommandLineArgs()[0]);
        }
    }

    public static bool IsMountHelperName(string name) => name is "mount.fuse.dynamofs" or "mount.fuse.dynamo";

    /// <summary>
    /// SOURCE DIR [-o opts]... → mount SOURCE DIR -o opts. mount(8)'s -s (sloppy), -n (no mtab),
    /// -v (verbose) and -t TYPE mean nothing to us and are dropped. (-f, "fake", is dropped too:
    /// a fake mount then really mounts; nobody fakes FUSE mounts in practice.)
    /// </summary>
    public static string[] TranslateArguments(string[] args)
    {
        var positional = new List<string>();
        var options = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-o" when i + 1 < args.Length:
                    options.Add(args[++i]);
                    break;
                case var o when o.StartsWith("-o", StringComparison.Ordinal) && o.Length > 2:
                    options.Add(o[2..]);
                    break;
                case "-t" when i + 1 < args.Length:
                    i++;
                    break;
                case "-s" or "-n" or "-v" or "-f" or "-sn" or "-ns":
                    break;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }
        var translated = new List<string> { "mount" };
        translated.AddRange(positional);
        foreach (var option in options)
        {
            translated.Add("-o");
            translated.Add(option);
        }
        return translated.ToArray();
    }
}
