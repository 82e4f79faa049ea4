using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>OPENDIR, READDIR, READDIRPLUS, RELEASEDIR, FSYNCDIR, and cookie stability while a directory changes.</summary>
public sealed class DirectoryListingTests
{
    [Theory]
    [InlineData(true)]  // READDIRPLUS (the kernel also falls back to READDIR after the first batch)
    [InlineData(false)] // READDIR only
    public async Task ListsEveryEntryOnce(bool plus)
    {
        var fs = new MemoryFileSystem(new FuseInitSettings { ReaddirPlus = plus });
        await using var m = await MemoryMount.StartAsync(fs);
        var expected = Enumerable.Range(0, 500).Select(i => $"entry-{i:D4}-{new string('n', i % 40)}").ToHashSet();
        await m.Run(() =>
        {
            Sys.Mkdir(m["d"]).Check();
            foreach (var name in expected) File.WriteAllBytes(m["d/" + name], []);
            var listed = Directory.EnumerateFileSystemEntries(m["d"]).Select(Path.GetFileName).ToList();
            Assert.Equal(expected.Count, listed.Count);
            Assert.True(expected.SetEquals(listed!));

            int fd = Sys.OpenOrThrow(m["d"], Sys.ORdOnly | Sys.ODirectory);
            Sys.Fsync(fd).Check();
            Sys.Close(fd).Check();
        });
        Assert.True(fs.Calls.Count(plus ? Op.ReadDirPlus : Op.ReadDir) >= 1);
        if (!plus) Assert.Equal(0, fs.Calls.Count(Op.ReadDirPlus));
        Assert.True(fs.Calls.Count(Op.OpenDir) >= 2);
        Assert.True(fs.Calls.Count(Op.FsyncDir) >= 1);
        Assert.True(await Wait.Until(() => fs.Calls.Count(Op.ReleaseDir) >= 2));
    }

    [Fact]
    public async Task ListingWhileEntriesComeAndGoMissesAndRepeatsNothingStable()
    {
        await using var m = await MemoryMount.StartAsync();
        var stable = Enumerable.Range(0, 3000).Select(i => $"stable-{i}").ToHashSet();
        await m.Run(() =>
        {
            Sys.Mkdir(m["big"]).Check();
            foreach (var name in stable) Sys.Close((int)Sys.Open(m["big/" + name], Sys.OWrOnly | Sys.OCreat).Check()).Check();

            using var stop = new CancellationTokenSource();
            var churn = Task.Run(() =>
            {
                // Adds and removes other names for as long as the listings run.
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    var path = m[$"big/churn-{i % 200}"];
                    if (i / 200 % 2 == 0) Sys.Close((int)Sys.Open(path, Sys.OWrOnly | Sys.OCreat).Check()).Check();
                    else Sys.Unlink(path).Check();
                }
            });
            try
            {
                for (int round = 0; round < 5; round++)
                {
                    var listed = Directory.EnumerateFileSystemEntries(m["big"]).Select(p => Path.GetFileName(p)!).ToList();
                    var stableListed = listed.Where(n => n.StartsWith("stable-", StringComparison.Ordinal)).ToList();
                    Assert.Equal(stableListed.Count, stableListed.Distinct().Count()); // no duplicates
                    Assert.True(stable.SetEquals(stableListed), $"round {round}: {stable.Except(stableListed).Count()} stable entries missing");
                }
            }
            finally
            {
                stop.Cancel();
                churn.Wait();
            }
        }, timeoutSeconds: 60);
    }
}
