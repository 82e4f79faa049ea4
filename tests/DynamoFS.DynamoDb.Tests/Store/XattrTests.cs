using DynamoFS.Core.Storage;
using static DynamoFS.DynamoDb.Tests.Store.TestFileSystem;

namespace DynamoFS.DynamoDb.Tests.Store;

public sealed class XattrTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const int Create = 1;
    private const int Replace = 2;

    [Fact]
    public async Task Create_and_replace_flags_and_listing()
    {
        await using var fs = await CreateAsync();
        var file = await fs.CreateFileAsync(Root, "f");
        var s = fs.Store;
        Assert.Equal(StoreStatus.NotFound, await s.SetXattrAsync(file.Id, N("user.a"), N("1"), Replace, None));
        Assert.Equal(StoreStatus.Ok, await s.SetXattrAsync(file.Id, N("user.a"), N("1"), Create, None));
        Assert.Equal(StoreStatus.Exists, await s.SetXattrAsync(file.Id, N("user.a"), N("2"), Create, None));
        Assert.Equal(N("1"), await s.GetXattrAsync(file.Id, N("user.a"), None));
        Assert.Equal(StoreStatus.Ok, await s.SetXattrAsync(file.Id, N("user.a"), N("2"), Replace, None));
        Assert.Equal(StoreStatus.Ok, await s.SetXattrAsync(file.Id, N("user.a"), N("3"), 0, None));
        Assert.Equal(N("3"), await s.GetXattrAsync(file.Id, N("user.a"), None));

        var big = Enumerable.Range(0, 64 * 1024).Select(i => (byte)i).ToArray();
        Assert.Equal(StoreStatus.Ok, await s.SetXattrAsync(file.Id, N("user.big"), big, 0, None));
        Assert.Equal(big, await s.GetXattrAsync(file.Id, N("user.big"), None));
        Assert.Equal(StoreStatus.Ok, await s.SetXattrAsync(file.Id, N("user.empty"), Array.Empty<byte>(), 0, None));
        Assert.Equal(Array.Empty<byte>(), await s.GetXattrAsync(file.Id, N("user.empty"), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await s.SetXattrAsync(file.Id, N("user.huge"), new byte[64 * 1024 + 1], 0, None));

        var names = (await s.ListXattrsAsync(file.Id, None)).Select(n => System.Text.Encoding.UTF8.GetString(n)).Order(StringComparer.Ordinal);
        Assert.Equal(["user.a", "user.big", "user.empty"], names);
        Assert.Empty(await s.ListXattrsAsync(Root, None));

        Assert.Equal(StoreStatus.Ok, await s.RemoveXattrAsync(file.Id, N("user.a"), None));
        Assert.Equal(StoreStatus.NotFound, await s.RemoveXattrAsync(file.Id, N("user.a"), None));
        Assert.Null(await s.GetXattrAsync(file.Id, N("user.a"), None));
        // Directory entries of the same partition never show up as xattrs (and vice versa).
        Assert.Equal(["f"], await fs.ListAsync(Root));

        // Not on an inode that no longer exists.
        Assert.Equal(StoreStatus.Ok, await s.RemoveAsync(Root, N("f"), file, null, None));
        Assert.Equal(StoreStatus.NotFound, await s.SetXattrAsync(file.Id, N("user.late"), N("x"), 0, None));
    }
}
