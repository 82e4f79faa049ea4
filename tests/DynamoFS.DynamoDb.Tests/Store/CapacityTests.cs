using System.Globalization;
using System.Text;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using Xunit.Abstractions;
using static DynamoFS.DynamoDb.Tests.Store.TestFileSystem;

namespace DynamoFS.DynamoDb.Tests.Store;

/// <summary>
/// Round trips and capacity units of every primitive, measured from ReturnConsumedCapacity on
/// DynamoDB Local (which bills like the service). Asserts the round-trip counts DESIGN.md
/// promises and prints the table (run with --logger "console;verbosity=detailed" to see it).
/// </summary>
public sealed class CapacityTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Round_trips_and_units_per_primitive()
    {
        // No timed usage flush: background requests would land in the measured intervals.
        await using var fs = await CreateAsync(new DynamoFS.DynamoDb.Store.StoreOptions { UsageFlushInterval = TimeSpan.FromHours(1) }, blockSize: 128 * 1024);
        var mismatches = new List<string>();
        var s = fs.Store;
        var table = new StringBuilder("| primitive | requests | RCU | WCU |\n|---|---|---|---|\n");
        async Task<RequestStatsSnapshot> Measure(string name, Func<Task> action, params (RequestKind Kind, int Count)[] expected)
        {
            var before = fs.Stats.Snapshot();
            await action();
            var d = fs.Stats.Snapshot().Since(before);
            string kinds = string.Join(" + ", d.ByKind().OrderBy(k => k.Key).Select(k => $"{k.Value.Requests} {k.Key}"));
            table.Append(CultureInfo.InvariantCulture, $"| {name} | {kinds} | {d.Total.ReadUnits:0.#} | {d.Total.WriteUnits:0.#} |\n");
            foreach (var (kind, count) in expected)
            {
                if (d.ForKind(kind).Requests != count)
                {
                    mismatches.Add($"{name}: {d.ForKind(kind).Requests} {kind}, expected {count}");
                }
            }
            if (expected.Length > 0 && d.Total.Requests != expected.Sum(e => e.Count))
            {
                mismatches.Add($"{name}: {d.Total.Requests} requests in all, expected {expected.Sum(e => e.Count)}");
            }
            return d;
        }

        var file = await fs.NewFileAsync();
        await Measure("create file (empty, inline)", async () => Assert.Equal(StoreStatus.Ok, await s.CreateAsync(Root, N("file"), file, None)),
            (RequestKind.TransactWriteItems, 1), (RequestKind.GetItem, 1));
        var dir = await fs.NewDirectoryAsync(Root);
        await Measure("mkdir", async () => Assert.Equal(StoreStatus.Ok, await s.CreateAsync(Root, N("dir"), dir, None)),
            (RequestKind.TransactWriteItems, 1));
        await Measure("lookup (entry)", async () => await s.GetEntryAsync(Root, N("file"), None), (RequestKind.GetItem, 1));
        await Measure("getattr (inode)", async () => await s.GetInodeAsync(file.Id, None), (RequestKind.GetItem, 1));
        await Measure("readdir page (2 entries)", async () => await s.ListEntriesAsync(Root, 0, 100, None), (RequestKind.Query, 1));
        var small = file with { Version = 2, InlineData = new byte[4000], Size = 4000, StoredBytes = 4000 };
        await Measure("setattr / write 4000 B inline (PutItem)", async () => Assert.Equal(StoreStatus.Ok, await s.UpdateInodeAsync(small, None)),
            (RequestKind.PutItem, 1));
        await Measure("getattr of a 4000 B inline file", async () => await s.GetInodeAsync(file.Id, None), (RequestKind.GetItem, 1));
        var linked = small with { Version = 3, Links = 2 };
        await Measure("link", async () => Assert.Equal(StoreStatus.Ok, await s.LinkAsync(dir.Id, N("hard"), linked, None)),
            (RequestKind.TransactWriteItems, 1), (RequestKind.GetItem, 1));
        var unlinked = linked with { Version = 4, Links = 1 };
        await Measure("unlink (not last link)", async () => Assert.Equal(StoreStatus.Ok, await s.RemoveAsync(dir.Id, N("hard"), linked, unlinked, None)),
            (RequestKind.TransactWriteItems, 1));
        await Measure("rename (same directory)", async () => Assert.Equal(StoreStatus.Ok, await s.RenameAsync(new RenamePlan
        {
            SourceDirectory = Root, SourceName = N("file"), TargetDirectory = Root, TargetName = N("file2"),
            Moved = unlinked, MovedUpdated = unlinked with { Version = 5 },
        }, None)), (RequestKind.TransactWriteItems, 1));
        var moved = unlinked with { Version = 5 };
        await Measure("rename (file to another directory)", async () => Assert.Equal(StoreStatus.Ok, await s.RenameAsync(new RenamePlan
        {
            SourceDirectory = Root, SourceName = N("file2"), TargetDirectory = dir.Id, TargetName = N("file"),
            Moved = moved, MovedUpdated = moved with { Version = 6 },
        }, None)), (RequestKind.TransactWriteItems, 1));
        await Measure("setxattr (small)", async () => Assert.Equal(StoreStatus.Ok, await s.SetXattrAsync(file.Id, N("user.k"), N("v"), 0, None)),
            (RequestKind.TransactWriteItems, 1));
        await Measure("getxattr", async () => await s.GetXattrAsync(file.Id, N("user.k"), None), (RequestKind.GetItem, 1));
        var block = new byte[128 * 1024];
        Random.Shared.NextBytes(block);
        await Measure("write one 128 KiB block", async () => await s.Blocks.WriteBlocksAsync(file.Id, new Dictionary<ulong, ReadOnlyMemory<byte>> { [0] = block }, None),
            (RequestKind.PutItem, 1));
        await Measure("read one 128 KiB block", async () => await s.Blocks.ReadBlocksAsync(file.Id, [0], None), (RequestKind.GetItem, 1));
        await Measure("write 8 x 128 KiB blocks", async () => await s.Blocks.WriteBlocksAsync(file.Id,
            Enumerable.Range(1, 8).ToDictionary(i => (ulong)i, _ => (ReadOnlyMemory<byte>)block), None), (RequestKind.PutItem, 8));
        await Measure("read 8 x 128 KiB blocks", async () => await s.Blocks.ReadBlocksAsync(file.Id, Enumerable.Range(1, 8).Select(i => (ulong)i).ToArray(), None),
            (RequestKind.BatchGetItem, 1));
        var last = await fs.InodeAsync(file.Id);
        last = last with { InlineData = null, Size = 9 * 128 * 1024 };
        await Measure("unlink (last link: inode deleted + reclaim record)", async () => Assert.Equal(StoreStatus.Ok, await s.RemoveAsync(dir.Id, N("file"), last, null, None)),
            (RequestKind.TransactWriteItems, 1));
        await Measure("background reclaim of 9 blocks + record", async () => await s.Reclaimer.DrainAsync(None));
        var emptyDir = await fs.InodeAsync(dir.Id);
        await Measure("rmdir (empty)", async () => Assert.Equal(StoreStatus.Ok, await s.RemoveAsync(Root, N("dir"), emptyDir, null, None)),
            (RequestKind.UpdateItem, 1), (RequestKind.Query, 1), (RequestKind.TransactWriteItems, 1));
        await Measure("background reclaim of a directory (xattr query + record)", async () => await s.Reclaimer.DrainAsync(None));
        await Measure("statfs (usage)", async () => await s.GetUsageAsync(None), (RequestKind.Query, 1));
        output.WriteLine(table.ToString());
        Assert.Empty(mismatches);
    }
}
