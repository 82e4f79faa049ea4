using Amazon.DynamoDBv2;
using DynamoFS.Core.Storage;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Store;
using DynamoFS.DynamoDb.Tables;
using DynamoFS.TestSupport;

namespace DynamoFS.DynamoDb.Tests.Store;

/// <summary>A freshly formatted file system in its own table, opened as a store.</summary>
public sealed class TestFileSystem : IAsyncDisposable
{
    public const ulong Root = FileSystemInitializer.RootInode;
    private long _clock = 1_700_000_000_000_000_000;

    private TestFileSystem(IAmazonDynamoDB client, string table, DynamoMetadataStore store)
    {
        Client = client;
        TableName = table;
        Store = store;
    }

    public IAmazonDynamoDB Client { get; }
    public string TableName { get; }
    public DynamoMetadataStore Store { get; }
    public RequestStats Stats => Store.Stats;

    /// <summary>Formats a new table through the CLI's format logic with the store's initializer, then opens it.</summary>
    public static async Task<TestFileSystem> CreateAsync(StoreOptions? options = null, IAmazonDynamoDB? client = null, int blockSize = 4096)
    {
        client ??= await TestDynamo.CreateClientAsync();
        string table = TestTables.UniqueName("store");
        await new FileSystemFormatter(client, new FileSystemInitializer()).FormatAsync(table, new FormatOptions { BlockSize = blockSize });
        var store = await DynamoMetadataStore.OpenAsync(client, table, options);
        return new TestFileSystem(client, table, store);
    }

    /// <summary>Another client (its own store instance) on the same table.</summary>
    public Task<DynamoMetadataStore> OpenAnotherAsync(StoreOptions? options = null) =>
        DynamoMetadataStore.OpenAsync(Client, TableName, options);

    public long Now() => Interlocked.Add(ref _clock, 1000);

    public async Task<InodeRecord> NewFileAsync(uint mode = 0x8000 | 0x1A4, byte[]? inline = null)
    {
        long t = Now();
        return new InodeRecord
        {
            Id = await Store.NewInodeIdAsync(CancellationToken.None),
            Mode = mode,
            Links = 1,
            AccessTimeNs = t,
            ModifyTimeNs = t,
            ChangeTimeNs = t,
            BirthTimeNs = t,
            InlineData = inline ?? [],
            Size = (ulong)(inline?.Length ?? 0),
            StoredBytes = (ulong)(inline?.Length ?? 0),
        };
    }

    public async Task<InodeRecord> NewDirectoryAsync(ulong parent)
    {
        long t = Now();
        return new InodeRecord
        {
            Id = await Store.NewInodeIdAsync(CancellationToken.None),
            Mode = 0x4000 | 0x1ED,
            Links = 2,
            Parent = parent,
            AccessTimeNs = t,
            ModifyTimeNs = t,
            ChangeTimeNs = t,
            BirthTimeNs = t,
        };
    }

    /// <summary>Creates a file named <paramref name="name"/> in <paramref name="dir"/> and asserts it worked.</summary>
    public async Task<InodeRecord> CreateFileAsync(ulong dir, string name, byte[]? inline = null)
    {
        var inode = await NewFileAsync(inline: inline);
        Assert.Equal(StoreStatus.Ok, await Store.CreateAsync(dir, N(name), inode, CancellationToken.None));
        return inode;
    }

    public async Task<InodeRecord> MkdirAsync(ulong parent, string name)
    {
        var inode = await NewDirectoryAsync(parent);
        Assert.Equal(StoreStatus.Ok, await Store.CreateAsync(parent, N(name), inode, CancellationToken.None));
        return inode;
    }

    public async Task<InodeRecord> InodeAsync(ulong id) =>
        await Store.GetInodeAsync(id, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException($"inode {id} missing");

    public async Task<List<string>> ListAsync(ulong dir, int pageSize = 1000)
    {
        var names = new List<string>();
        ulong cookie = 0;
        while (true)
        {
            var page = await Store.ListEntriesAsync(dir, cookie, pageSize, CancellationToken.None);
            names.AddRange(page.Entries.Select(e => System.Text.Encoding.UTF8.GetString(e.Name)));
            if (page.Entries.Count > 0)
            {
                cookie = page.Entries[^1].Cookie;
            }
            if (!page.HasMore)
            {
                return names;
            }
        }
    }

    public static byte[] N(string name) => System.Text.Encoding.UTF8.GetBytes(name);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            await Client.DeleteTableAsync(TableName);
        }
        catch (Exception)
        {
            // Best effort: the emulator is in memory anyway.
        }
    }
}
