namespace DynamoFS.Cli.Mounting;

/// <summary>
/// Refuses mount points that would surprise: a missing path, a file, a directory already in use
/// as a mount point, or one with files in it (they would vanish under the mount until unmounted,
/// which looks like data loss).
/// </summary>
public static class MountPointCheck
{
    /// <returns>The absolute, normalized mount point.</returns>
    public static string Validate(string mountPoint)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        if (MountTable.Find(full) is { } existing)
        {
            throw new CliException(existing.IsDynamoFs
                ? $"{full} is already mounted ({existing.Source}). Unmount it first: dynamofs umount {full}"
                : $"{full} is already a mount point ({existing.FsType}). Choose an empty directory that is not mounted");
        }
        if (File.Exists(full))
        {
            throw new CliException($"mount point {full} is a file, not a directory. Choose an empty directory");
        }
        if (!Directory.Exists(full))
        {
            throw new CliException($"mount point {full} does not exist. Create it: mkdir -p {full}");
        }
        if (Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new CliException($"mount point {full} is not empty. Use an empty directory (its files would be hidden by the mount)");
        }
        return full;
    }
}
