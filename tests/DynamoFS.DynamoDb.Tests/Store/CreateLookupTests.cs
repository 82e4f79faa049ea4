using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Store;
using DynamoFS.DynamoDb.Tables;
using static DynamoFS.DynamoDb.Tests.Store.TestFileSystem;

namespace DynamoFS.DynamoDb.Tests.Store;

public sealed class CreateLookupTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Format_writes_the_root_and_open_reads_the_settings()
    {
        await using var fs = await CreateAsync();
        var root = await fs.InodeAsync(Root);
        Assert.Equal(0x41EDu, root.Mode);
        Assert.Equal(2u, root.Links);
        Assert.Equal(Root, root.Parent);
        Assert.Equal(4096, fs.Store.Settings.BlockSize);
        Assert.Equal(4096, fs.Store.Settings.InlineLimit);
        // Formatting again with the same settings is a no-op; different settings are refused.
        var formatter = new FileSystemFormatter(fs.Client, new FileSystemInitializer());
        Assert.Equal(FormatOutcome.AlreadyFormatted, (await formatter.FormatAsync(fs.TableName, new FormatOptions { BlockSize = 4096 }, None)).Outcome);
        await Assert.ThrowsAsync<TableException>(() => formatter.FormatAsync(fs.TableName, new FormatOptions { BlockSize = 8192 }, None));
        // The initializer itself is idempotent and refuses other settings.
        await FileSystemInitializer.InitializeAsync(fs.Client, fs.TableName, 4096, 4096, None);
        await Assert.ThrowsAsync<TableException>(() => FileSystemInitializer.InitializeAsync(fs.Client, fs.TableName, 8192, 4096, None));
        Assert.Equal(new FileSystemFormat(4096), await new FileSystemInitializer().ReadFormatAsync(fs.Client, fs.TableName, None));
    }

    [Fact]
    public async Task Open_refuses_an_unformatted_table()
    {
        using var client = await TestDynamo.CreateClientAsync();
        string table = await TestDynamo.CreateTableAsync(client);
        var e = await Assert.ThrowsAsync<FileSystemNotFormattedException>(() => DynamoMetadataStore.OpenAsync(client, table));
        Assert.Contains("not a DynamoFS file system", e.Message);
        await Assert.ThrowsAsync<FileSystemNotFormattedException>(() => DynamoMetadataStore.OpenAsync(client, "missing-table"));
    }

    [Fact]
    public async Task Create_then_lookup_getattr_and_list()
    {
        await using var fs = await CreateAsync();
        var file = await fs.CreateFileAsync(Root, "hello.txt", inline: "hi"u8.ToArray());
        var entry = await fs.Store.GetEntryAsync(Root, N("hello.txt"), None);
        Assert.NotNull(entry);
        Assert.Equal(file.Id, entry.Inode);
        Assert.Equal(0x8000u, entry.Type);
        Assert.Equal(fs.Store.CookieOf(N("hello.txt")), entry.Cookie);
        Assert.Null(await fs.Store.GetEntryAsync(Root, N("nope"), None));

        var stored = await fs.InodeAsync(file.Id);
        Assert.Equal(file with { InlineData = null, SymlinkTarget = null }, stored with { InlineData = null, SymlinkTarget = null });
        Assert.Equal(N("hi"), stored.InlineData!);

        var dir = await fs.MkdirAsync(Root, "sub");
        Assert.Equal(3u, (await fs.InodeAsync(Root)).Links);
        Assert.Equal(Root, (await fs.InodeAsync(dir.Id)).Parent);
        Assert.Equal(["hello.txt", "sub"], (await fs.ListAsync(Root)).Order(StringComparer.Ordinal));

        var many = await fs.Store.GetInodesAsync([Root, file.Id, dir.Id, 999_999], None);
        Assert.Equal(3, many.Count);
    }

    [Fact]
    public async Task Inline_data_and_symlinks_round_trip_exactly()
    {
        await using var fs = await CreateAsync();
        var empty = await fs.CreateFileAsync(Root, "empty");
        Assert.Equal(Array.Empty<byte>(), (await fs.InodeAsync(empty.Id)).InlineData);
        var data = Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray();
        var full = await fs.CreateFileAsync(Root, "full", inline: data);
        Assert.Equal(data, (await fs.InodeAsync(full.Id)).InlineData);

        var link = (await fs.NewFileAsync(mode: 0xA000 | 0x1FF)) with { InlineData = null, SymlinkTarget = "../target"u8.ToArray(), Size = 9 };
        Assert.Equal(StoreStatus.Ok, await fs.Store.CreateAsync(Root, N("link"), link, None));
        var read = await fs.InodeAsync(link.Id);
        Assert.Equal("../target"u8.ToArray(), read.SymlinkTarget);
        Assert.Null(read.InlineData);

        // Content moved to blocks: InlineData null is kept as null.
        var moved = (await fs.InodeAsync(full.Id)) with { InlineData = null, Size = 10_000, Version = 2 };
        Assert.Equal(StoreStatus.Ok, await fs.Store.UpdateInodeAsync(moved, None));
        Assert.Null((await fs.InodeAsync(full.Id)).InlineData);
    }

    [Fact]
    public async Task Odd_names_round_trip_through_entries()
    {
        await using var fs = await CreateAsync();
        byte[][] names = [[0xff, 0x00 + 1], N("~x"), N("😀"), N(new string('a', 255))];
        foreach (var name in names)
        {
            var inode = await fs.NewFileAsync();
            Assert.Equal(StoreStatus.Ok, await fs.Store.CreateAsync(Root, name, inode, None));
            Assert.Equal(inode.Id, (await fs.Store.GetEntryAsync(Root, name, None))!.Inode);
        }
        var listed = (await fs.Store.ListEntriesAsync(Root, 0, 100, None)).Entries.Select(e => Convert.ToHexString(e.Name)).Order().ToArray();
        Assert.Equal(names.Select(Convert.ToHexString).Order().ToArray(), listed);
    }

    [Fact]
    public async Task Readdir_cookies_stay_valid_while_the_directory_changes()
    {
        await using var fs = await CreateAsync();
        var stable = Enumerable.Range(0, 120).Select(i => "stable" + i).ToList();
        await Parallel.ForEachAsync(stable, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) => await fs.CreateFileAsync(Root, n));

        // List in small pages while another flow inserts and deletes other names.
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            int i = 0;
            while (!stop.IsCancellationRequested)
            {
                var f = await fs.CreateFileAsync(Root, "churn" + i);
                if (i % 2 == 0)
                {
                    Assert.Equal(StoreStatus.Ok, await fs.Store.RemoveAsync(Root, N("churn" + i), f, null, None));
                }
                i++;
            }
        });
        var seen = new List<string>();
        ulong cookie = 0;
        ulong lastCookie = 0;
        while (true)
        {
            var page = await fs.Store.ListEntriesAsync(Root, cookie, 7, None);
            foreach (var e in page.Entries)
            {
                Assert.True(e.Cookie > lastCookie, "cookies strictly increase");
                lastCookie = e.Cookie;
                seen.Add(System.Text.Encoding.UTF8.GetString(e.Name));
            }
            if (page.Entries.Count > 0)
            {
                cookie = page.Entries[^1].Cookie;
            }
            if (!page.HasMore)
            {
                break;
            }
        }
        await stop.CancelAsync();
        await churn;
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(stable.Except(seen));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_exactly_one_wins()
    {
        await using var fs = await CreateAsync();
        for (int round = 0; round < 5; round++)
        {
            var inodes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fs.NewFileAsync()));
            var results = await Task.WhenAll(inodes.Select(i => fs.Store.CreateAsync(Root, N("same" + round), i, None).AsTask()));
            Assert.Equal(1, results.Count(r => r == StoreStatus.Ok));
            Assert.Equal(7, results.Count(r => r == StoreStatus.Exists));
            var winner = inodes[Array.IndexOf(results, StoreStatus.Ok)];
            Assert.Equal(winner.Id, (await fs.Store.GetEntryAsync(Root, N("same" + round), None))!.Inode);
            // The losers' transactions were cancelled whole: no orphan inode.
            var losers = inodes.Where(i => i.Id != winner.Id).Select(i => i.Id).ToArray();
            Assert.Empty(await fs.Store.GetInodesAsync(losers, None));
        }
    }

    [Fact]
    public async Task Two_creates_in_one_directory_name_no_common_item()
    {
        await using var fs = await CreateAsync();
        var records = new List<DynamoFS.DynamoDb.Requests.TransactionRecord>();
        fs.Store.Table.TransactionObserver = r => { lock (records) { records.Add(r); } };
        var a = await fs.NewFileAsync();
        var b = await fs.NewFileAsync();
        await Task.WhenAll(
            fs.Store.CreateAsync(Root, N("a"), a, None).AsTask(),
            fs.Store.CreateAsync(Root, N("b"), b, None).AsTask());
        Assert.Equal(2, records.Count);
        Assert.Empty(records[0].Keys.Intersect(records[1].Keys));
        // And neither names the directory's inode.
        Assert.DoesNotContain(records.SelectMany(r => r.Keys), k => k == "I#1|A");
    }

    [Fact]
    public async Task Inode_ids_are_unique_across_clients()
    {
        await using var fs = await CreateAsync(new StoreOptions { InodeLeaseSize = 64 });
        await using var other = await fs.OpenAnotherAsync(new StoreOptions { InodeLeaseSize = 64 });
        var ids = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        await Task.WhenAll(new[] { fs.Store, other }.Select(s => Task.Run(async () =>
        {
            for (int i = 0; i < 500; i++)
            {
                ids.Add(await s.NewInodeIdAsync(None));
            }
        })));
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.True(ids.Min() > Root);
    }

    [Fact]
    public async Task A_stale_copy_of_a_parent_cannot_write_back_its_old_link_count()
    {
        await using var fs = await CreateAsync();
        var rootBefore = await fs.InodeAsync(Root);
        await fs.MkdirAsync(Root, "d");
        // mkdir moved the root's version with its nlink: a chmod decided on the old copy must re-read.
        var chmod = rootBefore with { Mode = 0x4000 | 0x1C0, Version = rootBefore.Version + 1 };
        Assert.Equal(StoreStatus.Conflict, await fs.Store.UpdateInodeAsync(chmod, None));
        Assert.Equal(3u, (await fs.InodeAsync(Root)).Links);
        Assert.Equal(StoreStatus.NotFound, await fs.Store.UpdateInodeAsync(chmod with { Id = 424242 }, None));
    }

    [Fact]
    public async Task Batched_inode_reads_span_several_batches()
    {
        await using var fs = await CreateAsync();
        var files = new List<InodeRecord>();
        for (int i = 0; i < 130; i++)
        {
            files.Add(await fs.NewFileAsync());
        }
        await Parallel.ForEachAsync(files.Select((f, i) => (f, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (p, _) => Assert.Equal(StoreStatus.Ok, await fs.Store.CreateAsync(Root, N("f" + p.i), p.f, None)));
        var read = await fs.Store.GetInodesAsync(files.Select(f => f.Id).Append(Root).ToArray(), None);
        Assert.Equal(131, read.Count);
        Assert.Equal(130, (await fs.ListAsync(Root, pageSize: 50)).Count);
    }
}
