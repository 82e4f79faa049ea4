using Amazon.DynamoDBv2.Model;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Schema;
using DynamoFS.DynamoDb.Store;
using static DynamoFS.DynamoDb.Tests.Store.TestFileSystem;

namespace DynamoFS.DynamoDb.Tests.Store;

public sealed class RemoveTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static InodeRecord Relinked(InodeRecord r, int delta) => r with { Links = (uint)(r.Links + delta), Version = r.Version + 1 };

    [Fact]
    public async Task Link_and_unlink_keep_nlink_exact_and_the_last_unlink_reclaims_the_data()
    {
        await using var fs = await CreateAsync();
        var file = await fs.CreateFileAsync(Root, "f");
        // Give it data in blocks.
        await fs.Store.Blocks.WriteBlocksAsync(file.Id, new Dictionary<ulong, ReadOnlyMemory<byte>> { [0] = new byte[] { 1 }, [2] = new byte[] { 2 } }, None);
        var withData = file with { InlineData = null, Size = 3 * 4096, StoredBytes = 2, Version = 2 };
        Assert.Equal(StoreStatus.Ok, await fs.Store.UpdateInodeAsync(withData, None));

        // Parallel links, each re-reading on Conflict like Core does: every link counts exactly once.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            while (true)
            {
                var current = await fs.InodeAsync(file.Id);
                var status = await fs.Store.LinkAsync(Root, N("link" + i), Relinked(current, +1), None);
                if (status == StoreStatus.Ok)
                {
                    return;
                }
                Assert.Equal(StoreStatus.Conflict, status);
            }
        })));
        Assert.Equal(7u, (await fs.InodeAsync(file.Id)).Links);
        Assert.Equal(StoreStatus.Exists, await fs.Store.LinkAsync(Root, N("link0"), Relinked(await fs.InodeAsync(file.Id), +1), None));

        // A stale version is refused.
        Assert.Equal(StoreStatus.Conflict, await fs.Store.RemoveAsync(Root, N("f"), withData, Relinked(withData, -1), None));
        // Entry pointing elsewhere / missing.
        var other = await fs.CreateFileAsync(Root, "other");
        var cur = await fs.InodeAsync(file.Id);
        Assert.Equal(StoreStatus.Conflict, await fs.Store.RemoveAsync(Root, N("other"), cur, Relinked(cur, -1), None));
        Assert.Equal(StoreStatus.NotFound, await fs.Store.RemoveAsync(Root, N("nothing"), cur, Relinked(cur, -1), None));

        foreach (var name in new[] { "f", "link0", "link1", "link2", "link3", "link4" })
        {
            var current = await fs.InodeAsync(file.Id);
            Assert.Equal(StoreStatus.Ok, await fs.Store.RemoveAsync(Root, N(name), current, Relinked(current, -1), None));
        }
        var last = await fs.InodeAsync(file.Id);
        Assert.Equal(1u, last.Links);
        Assert.Equal(StoreStatus.Ok, await fs.Store.RemoveAsync(Root, N("link5"), last, null, None));
        Assert.Null(await fs.Store.GetInodeAsync(file.Id, None));
        Assert.Equal(["other"], await fs.ListAsync(Root));

        await fs.Store.Reclaimer.DrainAsync(None);
        Assert.Empty(await fs.Store.Blocks.ListBlocksAsync(file.Id, 0, 10, None));
        Assert.Null(await fs.Store.Table.GetItemAsync(Keys.Reclaim(file.Id), None));
    }

    [Fact]
    public async Task Reclaim_records_left_by_a_dead_client_are_finished_by_gc()
    {
        await using var fs = await CreateAsync(new StoreOptions { BackgroundReclaim = false });
        var file = await fs.CreateFileAsync(Root, "f");
        await fs.Store.Blocks.WriteBlocksAsync(file.Id, new Dictionary<ulong, ReadOnlyMemory<byte>> { [0] = new byte[] { 1 }, [1] = new byte[] { 2 } }, None);
        var sized = file with { InlineData = null, Size = 4097, StoredBytes = 2, Version = 2 };
        Assert.Equal(StoreStatus.Ok, await fs.Store.UpdateInodeAsync(sized, None));
        Assert.Equal(StoreStatus.Ok, await fs.Store.SetXattrAsync(file.Id, N("user.a"), new byte[] { 1 }, 0, None));
        Assert.Equal(StoreStatus.Ok, await fs.Store.RemoveAsync(Root, N("f"), sized, null, None));
        Assert.NotNull(await fs.Store.Table.GetItemAsync(Keys.Reclaim(file.Id), None));
        Assert.Equal(2, (await fs.Store.Blocks.ListBlocksAsync(file.Id, 0, 5, None)).Count);

        Assert.Equal(1, await fs.Store.Reclaimer.ReclaimAllAsync(None));
        Assert.Empty(await fs.Store.Blocks.ListBlocksAsync(file.Id, 0, 5, None));
        Assert.Empty(await fs.Store.ListXattrsAsync(file.Id, None));
        Assert.Null(await fs.Store.Table.GetItemAsync(Keys.Reclaim(file.Id), None));
        Assert.Equal(0, await fs.Store.Reclaimer.ReclaimAllAsync(None));
    }

    [Fact]
    public async Task Rmdir_refuses_a_non_empty_directory_and_keeps_parent_nlink_exact()
    {
        await using var fs = await CreateAsync();
        var dir = await fs.MkdirAsync(Root, "d");
        var sub = await fs.MkdirAsync(dir.Id, "sub");
        Assert.Equal(3u, (await fs.InodeAsync(Root)).Links);
        Assert.Equal(3u, (await fs.InodeAsync(dir.Id)).Links);

        Assert.Equal(StoreStatus.NotEmpty, await fs.Store.RemoveAsync(Root, N("d"), await fs.InodeAsync(dir.Id), null, None));
        // The failed rmdir released its guard: creates work again at once.
        await fs.CreateFileAsync(dir.Id, "file");
        Assert.Equal(StoreStatus.Ok, await fs.Store.RemoveAsync(dir.Id, N("sub"), sub, null, None));
        Assert.Equal(2u, (await fs.InodeAsync(dir.Id)).Links);
        Assert.Equal(StoreStatus.NotEmpty, await fs.Store.RemoveAsync(Root, N("d"), await fs.InodeAsync(dir.Id), null, None));
        Assert.Equal(StoreStatus.Ok, await fs.Store.RemoveAsync(dir.Id, N("file"), await fs.InodeAsync(((await fs.Store.GetEntryAsync(dir.Id, N("file"), None))!).Inode), null, None));
        Assert.Equal(StoreStatus.Ok, await fs.Store.RemoveAsync(Root, N("d"), await fs.InodeAsync(dir.Id), null, None));
        Assert.Null(await fs.Store.GetInodeAsync(dir.Id, None));
        Assert.Equal(2u, (await fs.InodeAsync(Root)).Links);
        Assert.Empty(await fs.ListAsync(Root));

        // Creating in the removed directory: DirectoryRemoved, nothing left behind.
        var orphan = await fs.NewFileAsync();
        Assert.Equal(StoreStatus.DirectoryRemoved, await fs.Store.CreateAsync(dir.Id, N("late"), orphan, None));
        Assert.Null(await fs.Store.GetEntryAsync(dir.Id, N("late"), None));
        Assert.Null(await fs.Store.GetInodeAsync(orphan.Id, None));
        Assert.Equal(StoreStatus.DirectoryRemoved, await fs.Store.CreateAsync(dir.Id, N("latedir"), await fs.NewDirectoryAsync(dir.Id), None));
        Assert.Equal(StoreStatus.NotFound, await fs.Store.RemoveAsync(Root, N("d"), dir, null, None));
    }

    [Fact]
    public async Task A_live_guard_turns_creates_away_and_an_expired_one_does_not()
    {
        long now = 1_000_000;
        var options = new StoreOptions { UnixMsClock = () => Interlocked.Read(ref now) };
        await using var fs = await CreateAsync(options);
        var dir = await fs.MkdirAsync(Root, "d");
        // A client that set the guard and died: guard {t, x} with x in the future.
        await SetGuardAsync(fs, dir.Id, "dead-client", now + 30_000);
        Assert.Equal(StoreStatus.DirectoryRemoved, await fs.Store.CreateAsync(dir.Id, N("f"), await fs.NewFileAsync(), None));
        Assert.Equal(StoreStatus.DirectoryRemoved, await fs.Store.CreateAsync(dir.Id, N("g"), await fs.NewDirectoryAsync(dir.Id), None));
        Assert.Equal(StoreStatus.Conflict, await fs.Store.RemoveAsync(Root, N("d"), dir, null, None));
        Assert.Empty(await fs.ListAsync(dir.Id));
        Interlocked.Add(ref now, 30_001);
        await fs.CreateFileAsync(dir.Id, "f");
        await fs.MkdirAsync(dir.Id, "g");
    }

    private static async Task SetGuardAsync(TestFileSystem fs, ulong dir, string token, long expires)
    {
        await fs.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = fs.TableName,
            Key = Keys.Inode(dir),
            UpdateExpression = "SET #rm = :g",
            ExpressionAttributeNames = new() { ["#rm"] = "rm" },
            ExpressionAttributeValues = new()
            {
                [":g"] = new AttributeValue { M = new() { ["t"] = new AttributeValue { S = token }, ["x"] = InodeCodec.N(expires) } },
            },
        });
    }

    [Fact]
    public async Task Creates_racing_rmdir_never_leave_an_entry_under_a_removed_directory()
    {
        await using var fs = await CreateAsync();
        // Random per-request delays so the steps of the two protocols interleave in many orders.
        fs.Store.Table.ArtificialLatency = _ => TimeSpan.FromMilliseconds(Random.Shared.Next(0, 4));
        int removed = 0, created = 0;
        for (int round = 0; round < 30; round++)
        {
            var dir = await fs.MkdirAsync(Root, "d" + round);
            var files = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => fs.NewFileAsync()));
            var rmdir = Task.Run(async () => await fs.Store.RemoveAsync(Root, N("d" + round), dir, null, None));
            var creates = files.Select((f, i) => Task.Run(async () => await fs.Store.CreateAsync(dir.Id, N("f" + i), f, None))).ToArray();
            var rm = await rmdir;
            var cs = await Task.WhenAll(creates);

            Assert.Contains(rm, new[] { StoreStatus.Ok, StoreStatus.NotEmpty });
            Assert.All(cs, c => Assert.Contains(c, new[] { StoreStatus.Ok, StoreStatus.DirectoryRemoved }));
            var entries = await fs.ListAsync(dir.Id);
            if (rm == StoreStatus.Ok)
            {
                removed++;
                Assert.All(cs, c => Assert.Equal(StoreStatus.DirectoryRemoved, c));
                Assert.Empty(entries);
                Assert.Null(await fs.Store.GetInodeAsync(dir.Id, None));
                Assert.Empty(await fs.Store.GetInodesAsync(files.Select(f => f.Id).ToArray(), None));
            }
            else
            {
                Assert.NotNull(await fs.Store.GetInodeAsync(dir.Id, None));
                created += cs.Count(c => c == StoreStatus.Ok);
                Assert.Equal(cs.Count(c => c == StoreStatus.Ok), entries.Count);
            }
        }
        // Both outcomes happened (otherwise the race was not exercised).
        Assert.True(removed > 0 && created > 0, $"removed {removed}, created {created}");
    }
}
