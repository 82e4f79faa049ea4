namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// Where DynamoDB Local lives on this machine, following the XDG base directories so nothing
/// lands in the working tree and a non-root user needs no special permission.
/// </summary>
public static class DynamoDbLocalPaths
{
    /// <summary>The emulator release we install; bumping it installs side by side.</summary>
    public const string PinnedVersion = "2.9.30";

    /// <summary>Overrides the install directory (tests, air-gapped machines with a pre-installed copy).</summary>
    public const string InstallDirectoryVariable = "DYNAMOFS_DYNAMODB_LOCAL_DIR";

    /// <summary>Overrides the managed instance's data directory (tests keep away from the user's data).</summary>
    public const string LocalDataDirectoryVariable = "DYNAMOFS_LOCAL_DATA_DIR";

    /// <summary>$XDG_DATA_HOME/dynamofs, falling back to ~/.local/share/dynamofs.</summary>
    public static string DataHome
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var root = string.IsNullOrEmpty(xdg) || !Path.IsPathRooted(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
                : xdg;
            return Path.Combine(root, "dynamofs");
        }
    }

    /// <summary>The install directory of the pinned release (or the override).</summary>
    public static string DefaultInstallDirectory =>
        FromEnvironment(InstallDirectoryVariable) ?? Path.Combine(DataHome, "dynamodb-local", PinnedVersion);

    /// <summary>Where the managed local instance keeps its tables, state file and log.</summary>
    public static string DefaultLocalDataDirectory =>
        FromEnvironment(LocalDataDirectoryVariable) ?? Path.Combine(DataHome, "local-data");

    private static string? FromEnvironment(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : Path.GetFullPath(value);
    }
}
