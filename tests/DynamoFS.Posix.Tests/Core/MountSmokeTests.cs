using System.Diagnostics;
using System.Text;
using DynamoFS.Core;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.Fuse;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>
/// The file system mounted for real (kernel, /dev/fuse, FuseMount) on DynamoDB Local, used
/// through System.IO and the shell: the end-to-end path every application takes.
/// </summary>
[Collection(DynamoDbCollection.Name)]
public sealed class MountSmokeTests(DynamoDbLocal ddb)
{
    private static async Task<string> ShAsync(string script)
    {
        var psi = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", script }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string stdout = await p.StandardOutput.ReadToEndAsync();
        string stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"`{script}` failed ({p.ExitCode}): {stderr}");
        return stdout;
    }

    [Fact]
    public async Task Search_permission_is_enforced_even_for_names_the_kernel_cached()
    {
        if (!File.Exists("/dev/fuse") || !File.Exists("/usr/bin/setpriv")) return;
        var store = await ddb.NewStoreAsync();
        var fs = new DynamoFileSystem(store, store.Blocks);
        string mnt = Directory.CreateTempSubdirectory("dynamofs-core-").FullName;
        try
        {
            await using var mount = await FuseMount.MountAsync(mnt, fs, new FuseMountOptions { FsName = "dynamofs-test", AllowOther = true });
            string user = "setpriv --reuid 4242 --regid 4242 --clear-groups";
            // Another user reads the file (its name is now in the kernel's cache), then the directory is closed.
            await ShAsync($"cd {mnt} && mkdir -m 0755 d && echo secret > d/f && chmod 0644 d/f && {user} cat d/f >/dev/null && chmod 0700 d");
            string outp = await ShAsync($"{user} cat {mnt}/d/f 2>&1 || echo denied");
            Assert.Contains("denied", outp);
            Assert.DoesNotContain("secret", outp);
        }
        finally
        {
            try { Directory.Delete(mnt); } catch (IOException) { }
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Mounted_file_system_works_through_System_IO()
    {
        if (!File.Exists("/dev/fuse")) return;
        var store = await ddb.NewStoreAsync();
        var fs = new DynamoFileSystem(store, store.Blocks, new FileSystemOptions { BeginOperation = RequestStats.BeginOperation });
        string mnt = Directory.CreateTempSubdirectory("dynamofs-core-").FullName;
        try
        {
            await using (var mount = await FuseMount.MountAsync(mnt, fs, new FuseMountOptions { FsName = "dynamofs-test" }))
            {
                Directory.CreateDirectory(Path.Combine(mnt, "dir/sub"));
                await File.WriteAllTextAsync(Path.Combine(mnt, "dir/hello.txt"), "hello world\n");
                Assert.Equal("hello world\n", await File.ReadAllTextAsync(Path.Combine(mnt, "dir/hello.txt")));

                var big = new byte[3 * 1024 * 1024 + 17];
                new Random(3).NextBytes(big);
                await File.WriteAllBytesAsync(Path.Combine(mnt, "big.bin"), big);
                Assert.Equal(big, await File.ReadAllBytesAsync(Path.Combine(mnt, "big.bin")));
                Assert.Equal(big.Length, new FileInfo(Path.Combine(mnt, "big.bin")).Length);

                Assert.Equal(new[] { "hello.txt", "sub" }, Directory.EnumerateFileSystemEntries(Path.Combine(mnt, "dir")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

                File.Move(Path.Combine(mnt, "dir/hello.txt"), Path.Combine(mnt, "dir/sub/moved.txt"));
                Assert.False(File.Exists(Path.Combine(mnt, "dir/hello.txt")));
                Assert.Equal("hello world\n", await File.ReadAllTextAsync(Path.Combine(mnt, "dir/sub/moved.txt")));

                File.CreateSymbolicLink(Path.Combine(mnt, "link"), "dir/sub/moved.txt");
                Assert.Equal("hello world\n", await File.ReadAllTextAsync(Path.Combine(mnt, "link")));

                // Appends through the kernel, truncation, hard links, stat, via the shell.
                string outp = await ShAsync($"cd {mnt} && echo one > log && echo two >> log && cat log && ln log log2 && stat -c '%h %s' log && truncate -s 2 log && cat log2 && chmod 600 log && stat -c '%a' log2");
                Assert.Equal("one\ntwo\n2 8\non600\n", outp);

                // flock(2) through the kernel to our lock manager, and contention between two descriptors.
                Assert.Equal("locked\nbusy\n", await ShAsync($"cd {mnt} && touch lockme && flock -x lockme -c 'echo locked; flock -n -x lockme -c true 2>/dev/null || echo busy'"));

                File.Delete(Path.Combine(mnt, "link"));
                File.Delete(Path.Combine(mnt, "dir/sub/moved.txt"));
                Directory.Delete(Path.Combine(mnt, "dir"), recursive: true);
                Assert.False(Directory.Exists(Path.Combine(mnt, "dir")));

                string df = await ShAsync($"df -P {mnt} | tail -1");
                Assert.Contains("dynamofs-test", df);
            }
            // Everything written through the mount is in DynamoDB: a fresh client reads it.
            var h2 = new FsHarness(store, new DynamoFileSystem(store, store.Blocks));
            var big2 = await h2.ReadFileAsync("/big.bin");
            Assert.Equal(3 * 1024 * 1024 + 17, big2.Length);
            Assert.Equal(Encoding.ASCII.GetBytes("on"), await h2.ReadFileAsync("/log2"));
        }
        finally
        {
            try { Directory.Delete(mnt); } catch (IOException) { }
            await store.DisposeAsync();
        }
    }
}
