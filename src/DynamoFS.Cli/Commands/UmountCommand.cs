using System.CommandLine;
using DynamoFS.Cli.Mounting;

namespace DynamoFS.Cli.Commands;

/// <summary>`dynamofs umount MOUNTPOINT`: lazy unmount; the background mount process then exits.</summary>
public static class UmountCommand
{
    public static Command Create(CliContext context)
    {
        var mountPoint = new Argument<string>("MOUNTPOINT") { Description = "Where the file system is mounted" };
        var command = new Command("umount",
            "Unmount a DynamoFS file system (lazily: files still open keep working until closed).\n\n" +
            "Examples:\n" +
            "  dynamofs umount /mnt/team\n" +
            "  dynamofs umount ./mnt")
        {
            mountPoint,
        };
        command.Aliases.Add("unmount");
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetRequiredValue(mountPoint);
            await context.Mounter.UnmountAsync(path, cancellationToken);
            context.Out.WriteLine($"unmounted {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }
}
