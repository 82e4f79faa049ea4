namespace DynamoFS.Cli.Mounting;

/// <summary>
/// What the -o options of `dynamofs mount` ask for. Kernel-level flags go to the FUSE mount; the
/// cache timeouts are for the file system, which puts them in its entry and attribute replies.
/// Null timeouts mean "the file system's default".
/// </summary>
public sealed record MountSettings
{
    public bool ReadOnly { get; init; }
    public bool AllowOther { get; init; }
    public bool DefaultPermissions { get; init; }
    /// <summary>How long the kernel may cache attributes (attr_timeout=SECONDS).</summary>
    public TimeSpan? AttributeTimeout { get; init; }
    /// <summary>How long the kernel may cache a name lookup (entry_timeout=SECONDS).</summary>
    public TimeSpan? EntryTimeout { get; init; }
    /// <summary>How long the kernel may cache "no such name" (negative_timeout=SECONDS).</summary>
    public TimeSpan? NegativeTimeout { get; init; }

    /// <summary>Back to "-o" text, for re-executing the mount in the background.</summary>
    public string ToOptionString()
    {
        var options = new List<string>();
        if (ReadOnly) options.Add("ro");
        if (AllowOther) options.Add("allow_other");
        if (DefaultPermissions) options.Add("default_permissions");
        if (AttributeTimeout is { } attr) options.Add(FormattableString.Invariant($"attr_timeout={attr.TotalSeconds}"));
        if (EntryTimeout is { } entry) options.Add(FormattableString.Invariant($"entry_timeout={entry.TotalSeconds}"));
        if (NegativeTimeout is { } negative) options.Add(FormattableString.Invariant($"negative_timeout={negative.TotalSeconds}"));
        return string.Join(',', options);
    }
}
