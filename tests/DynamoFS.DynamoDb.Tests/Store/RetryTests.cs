using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Store;
using static DynamoFS.DynamoDb.Tests.Store.TestFileSystem;

namespace DynamoFS.DynamoDb.Tests.Store;

public sealed class RetryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<(TestFileSystem, FaultInjectingHttpClientFactory)> CreateAsync(RetryOptions? retry = null)
    {
        var faults = new FaultInjectingHttpClientFactory();
        var client = await TestDynamo.CreateClientAsync(c => c.HttpClientFactory = faults);
        var fs = await TestFileSystem.CreateAsync(new StoreOptions { Retry = retry ?? RetryOptions.Default }, client);
        return (fs, faults);
    }

    [Theory]
    [InlineData(Fault.ServerError)]
    [InlineData(Fault.Throttle)]
    [InlineData(Fault.ConnectionDrop)]
    public async Task Transient_failures_are_retried_and_counted(Fault fault)
    {
        var (fs, faults) = await CreateAsync();
        await using var _ = fs;
        var before = fs.Stats.Snapshot();
        faults.Inject("GetItem", fault);
        faults.Inject("TransactWriteItems", fault, times: 2);
        faults.Inject("PutItem", fault);
        Assert.NotNull(await fs.Store.GetInodeAsync(Root, None));
        var file = await fs.CreateFileAsync(Root, "f");
        Assert.Equal(StoreStatus.Ok, await fs.Store.UpdateInodeAsync(file with { Version = 2, Mode = 0x8000 | 0x180 }, None));
        Assert.Equal(4, faults.Injected);
        var delta = fs.Stats.Snapshot().Since(before);
        Assert.Equal(4, delta.Total.Retries);
        Assert.Equal(fault == Fault.Throttle ? 4 : 0, delta.Total.Throttles);
        Assert.Equal(0x8000u | 0x180, (await fs.InodeAsync(file.Id)).Mode);
    }

    [Fact]
    public async Task A_commit_whose_answer_was_lost_is_retried_idempotently()
    {
        var (fs, faults) = await CreateAsync();
        await using var _ = fs;
        // The create transaction applies but its response is lost: the retry carries the same
        // ClientRequestToken, so it reports success instead of "name exists".
        faults.Inject("TransactWriteItems", Fault.LostResponse);
        var file = await fs.NewFileAsync();
        Assert.Equal(StoreStatus.Ok, await fs.Store.CreateAsync(Root, N("f"), file, None));
        Assert.Equal(1, faults.Injected);
        Assert.Equal(file.Id, (await fs.Store.GetEntryAsync(Root, N("f"), None))!.Inode);
    }

    [Fact]
    public async Task Persistent_failures_end_in_StorageUnavailableException()
    {
        var (fs, faults) = await CreateAsync(new RetryOptions { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(1) });
        await using var _ = fs;
        faults.Inject("GetItem", Fault.ServerError, times: 100);
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await fs.Store.GetInodeAsync(Root, None));
        Assert.Contains("4 attempts", e.Message);
        Assert.Equal(4, faults.Injected);
    }
}
