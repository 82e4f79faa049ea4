namespace DynamoFS.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Installed as /sbin/mount.fuse.dynamofs, mount(8) runs us as "mount.fuse.dynamofs SOURCE DIR -o opts".
        var invokedAs = MountHelper.InvokedName();
        if (MountHelper.IsMountHelperName(invokedAs))
        {
            args = MountHelper.TranslateArguments(args);
        }
        return CliApplication.RunAsync(args, CliContext.Default);
    }
}
