namespace DynamoFS.Cli.Logging;

/// <summary>
/// Where logs go when nobody watches a terminal: /var/log/dynamofs as root (where operators look),
/// else $XDG_STATE_HOME/dynamofs (~/.local/state/dynamofs), which a user can always write.
/// </summary>
public static class LogPaths
{
    public static string DefaultDirectory
    {
        get
        {
            if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root")
            {
                return "/var/log/dynamofs";
            }
            var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            var root = string.IsNullOrEmpty(xdg) || !Path.IsPathRooted(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
                : xdg;
            return Path.Combine(root, "dynamofs");
        }
    }

    /// <summary>The log of one mounted file system.</summary>
    public static string ForMount(FileSystemUrl url) => Path.Combine(DefaultDirectory, $"{url.Name}.log");

    /// <summary>The log of commands other than mount (errors' details land here).</summary>
    public static string ForCommands => Path.Combine(DefaultDirectory, "dynamofs.log");
}
