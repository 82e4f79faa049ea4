using System.Globalization;

namespace DynamoFS.Cli.Mounting;

/// <summary>
/// Parses mount -o option lists ("ro,allow_other,attr_timeout=1.5"), possibly given several
/// times. mount(8) and /etc/fstab hand mount helpers their generic options too (rw, nosuid,
/// _netdev, defaults...); those mean nothing to a FUSE file system beyond what the kernel already
/// did, so they are accepted and ignored rather than failing an fstab mount at boot.
/// </summary>
public static class MountOptionParser
{
    private static readonly HashSet<string> IgnoredGeneric = new(StringComparer.Ordinal)
    {
        "rw", "suid", "nosuid", "dev", "nodev", "exec", "noexec", "auto", "noauto", "user", "nouser",
        "users", "_netdev", "defaults", "nofail", "atime", "noatime", "relatime", "strictatime", "nodiratime",
    };

    public const string Accepted =
        "ro, allow_other, default_permissions, attr_timeout=SECONDS, entry_timeout=SECONDS, negative_timeout=SECONDS";

    /// <exception cref="CliException">A usage error naming the bad option and what is accepted.</exception>
    public static MountSettings Parse(IEnumerable<string> optionLists)
    {
        var settings = new MountSettings();
        foreach (var list in optionLists)
        {
            foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                settings = Apply(settings, raw);
            }
        }
        return settings;
    }

    private static MountSettings Apply(MountSettings settings, string option)
    {
        var equals = option.IndexOf('=');
        var name = equals < 0 ? option : option[..equals];
        var value = equals < 0 ? null : option[(equals + 1)..];

        // fstab-only markers (x-systemd.*, x-gvfs-*, comment=) are for other programs.
        if (name.StartsWith("x-", StringComparison.Ordinal) || name == "comment")
        {
            return settings;
        }
        switch (name)
        {
            case "ro":
                return settings with { ReadOnly = NoValue(option, value, true) };
            case "allow_other":
                return settings with { AllowOther = NoValue(option, value, true) };
            case "default_permissions":
                return settings with { DefaultPermissions = NoValue(option, value, true) };
            case "attr_timeout":
                return settings with { AttributeTimeout = Seconds(name, value) };
            case "entry_timeout":
                return settings with { EntryTimeout = Seconds(name, value) };
            case "negative_timeout":
                return settings with { NegativeTimeout = Seconds(name, value) };
            case var generic when IgnoredGeneric.Contains(generic) && value is null:
                return settings;
            default:
                throw CliException.Usage($"unknown mount option \"{option}\": accepted are {Accepted}");
        }
    }

    private static bool NoValue(string option, string? value, bool result) =>
        value is null ? result : throw CliException.Usage($"mount option \"{option}\" takes no value: write it alone, e.g. -o {option[..option.IndexOf('=')]}");

    private static TimeSpan Seconds(string name, string? value)
    {
        if (value is null || !double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || double.IsInfinity(seconds) || seconds > TimeSpan.FromDays(365).TotalSeconds)
        {
            throw CliException.Usage($"invalid value \"{value}\" for mount option {name}: expected seconds, e.g. {name}=1.5");
        }
        return TimeSpan.FromSeconds(seconds);
    }
}
