using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Store;
using static DynamoFS.DynamoDb.Tests.Store.TestFileSystem;

namespace DynamoFS.DynamoDb.Tests.Store;

public sealed class BackgroundTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Directory_touches_are_coalesced_and_never_go_backwards()
    {
        await using var fs = await CreateAsync();
        var root = await fs.InodeAsync(Root);
        var before = fs.Stats.Snapshot();
        long t0 = root.ModifyTimeNs + 1_000_000;
        for (int i = 0; i < 200; i++)
        {
            await fs.Store.TouchDirectoryAsync(Root, t0 + i, None);
        }
        await fs.Store.FlushTouchesAsync();
        var updates = fs.Stats.Snapshot().Since(before).ForKind(RequestKind.UpdateItem).Requests;
        Assert.InRange(updates, 1, 3);
        var after = await fs.InodeAsync(Root);
        Assert.Equal(t0 + 199, after.ModifyTimeNs);
        Assert.Equal(t0 + 199, after.ChangeTimeNs);
        Assert.Equal(root.Version, after.Version);

        await fs.Store.TouchDirectoryAsync(Root, t0 - 5, None);
        await fs.Store.FlushTouchesAsync();
        Assert.Equal(t0 + 199, (await fs.InodeAsync(Root)).ModifyTimeNs);
        // A touch of a directory that does not exist is dropped quietly.
        await fs.Store.TouchDirectoryAsync(987654, t0, None);
        await fs.Store.FlushTouchesAsync();
        Assert.Null(await fs.Store.GetInodeAsync(987654, None));
    }

    [Fact]
    public async Task Usage_is_summed_over_the_clients_shards()
    {
        await using var fs = await CreateAsync(new StoreOptions { UsageFlushInterval = TimeSpan.FromHours(1) });
        // Flushes only when asked, so the test sees exactly when the other client's deltas land.
        await using var other = await fs.OpenAnotherAsync(new StoreOptions { UsageFlushInterval = TimeSpan.FromHours(1) });
        Assert.Equal((0UL, 1UL), await fs.Store.GetUsageAsync(None));
        for (int i = 0; i < 3; i++)
        {
            await fs.CreateFileAsync(Root, "f" + i, inline: new byte[10]);
        }
        var g = await fs.NewFileAsync(inline: new byte[5]);
        Assert.Equal(StoreStatus.Ok, await other.CreateAsync(Root, N("g"), g, None));
        // Own deltas count at once; the other client's after its flush.
        Assert.Equal((30UL, 4UL), await fs.Store.GetUsageAsync(None));
        await other.FlushUsageAsync(None);
        Assert.Equal((35UL, 5UL), await fs.Store.GetUsageAsync(None));
        Assert.Equal(StoreStatus.Ok, await other.RemoveAsync(Root, N("g"), g, null, None));
        await other.FlushUsageAsync(None);
        await fs.Store.FlushUsageAsync(None);
        Assert.Equal((30UL, 4UL), await other.GetUsageAsync(None));
    }

    [Fact]
    public async Task Requests_are_attributed_to_the_current_operation()
    {
        await using var fs = await CreateAsync();
        fs.Stats.Reset();
        using (RequestStats.BeginOperation("mkdir"))
        {
            await fs.MkdirAsync(Root, "d");
            using (RequestStats.BeginOperation("lookup"))
            {
                await fs.Store.GetEntryAsync(Root, N("d"), None);
            }
            await fs.Store.GetInodeAsync(Root, None);
        }
        var snap = fs.Stats.Snapshot();
        Assert.Equal(1, snap.ForOperation("lookup").Requests);
        var mkdir = snap.Rows.Where(r => r.Operation == "mkdir").ToDictionary(r => r.Kind, r => r.Counters);
        Assert.Equal(1, mkdir[RequestKind.TransactWriteItems].Requests);
        Assert.Equal(1, mkdir[RequestKind.GetItem].Requests);
        Assert.True(mkdir[RequestKind.TransactWriteItems].WriteUnits > 0);
        Assert.True(mkdir[RequestKind.GetItem].ReadUnits > 0);
    }
}
