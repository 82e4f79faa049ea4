using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DynamoFS.Cli.Mounting;

/// <summary>
/// Unmounts a DynamoFS mount point, lazily (like `umount -l`: busy files keep working until
/// closed, the name goes at once). fusermount3 first, since it also works for the unprivileged
/// user who mounted; umount2(MNT_DETACH) as root when fusermount3 is missing or refuses.
/// </summary>
public static partial class Unmounter
{
    private const int MNT_DETACH = 2;

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2(string target, int flags);

    public static async Task UnmountAsync(string mountPoint, CancellationToken cancellationToken)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        var entry = MountTable.Find(full)
            ?? throw new CliException($"not mounted: {full} is not a mount point. Nothing to unmount (see `findmnt -t fuse.dynamofs`)");
        if (!entry.IsDynamoFs)
        {
            throw new CliException($"{full} is a {entry.FsType} mount, not DynamoFS. Unmount it with umount(8)");
        }

        var fusermountError = await TryFusermountAsync(full, cancellationToken);
        if (fusermountError is not null)
        {
            if (Umount2(full, MNT_DETACH) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw errno switch
                {
                    1 => new CliException($"permission denied unmounting {full} ({fusermountError}). Only root or the user who mounted it can unmount it"),
                    22 => new CliException($"not mounted: {full} is no longer a mount point. Nothing to unmount"),
                    _ => new CliException($"cannot unmount {full}: {Marshal.GetPInvokeErrorMessage(errno)} ({fusermountError}). Try `umount -l {full}` as root"),
                };
            }
        }

        // A lazy unmount detaches at once; wait for mountinfo to agree so scripts can rmdir next.
        for (var i = 0; i < 50 && MountTable.Find(full) is { IsDynamoFs: true }; i++)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Null on success, else why fusermount3 did not do it.</summary>
    private static async Task<string?> TryFusermountAsync(string mountPoint, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("fusermount3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-u", "-z", "--", mountPoint })
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? null : error.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "fusermount3 not found (Debian: apt-get install fuse3)";
        }
    }
}
