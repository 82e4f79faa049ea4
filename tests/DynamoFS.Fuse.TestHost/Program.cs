using DynamoFS.Fuse;
using DynamoFS.Fuse.TestHost;

// Usage: DynamoFS.Fuse.TestHost <mountpoint> [--kernel]
// Mounts HelloFileSystem (auto_unmount through fusermount3 unless --kernel), prints "mounted",
// and serves until unmounted or killed.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: DynamoFS.Fuse.TestHost <mountpoint> [--kernel]");
    return 2;
}
bool kernel = args.Contains("--kernel");
var options = new FuseMountOptions
{
    FsName = "dynamofs-testhost",
    Subtype = "dynamofs-testhost",
    AutoUnmount = !kernel,
};
await using var mount = await FuseMount.MountAsync(args[0], new HelloFileSystem(), options);
using var signals = mount.UnmountOnSignals();
Console.WriteLine("mounted");
await mount.Completion;
return 0;
