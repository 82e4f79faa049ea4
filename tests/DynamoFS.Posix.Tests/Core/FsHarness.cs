using System.Text;
using DynamoFS.Core;
using DynamoFS.DynamoDb.Store;
using DynamoFS.Fuse;

namespace DynamoFS.Posix.Tests.Core;

/// <summary>
/// Drives a <see cref="DynamoFileSystem"/> the way the kernel would, without a kernel: path
/// walks by LOOKUP, files by CREATE/OPEN + WRITE/READ + FLUSH/RELEASE, with chosen credentials.
/// </summary>
public sealed class FsHarness(DynamoMetadataStore store, DynamoFileSystem fs) : IAsyncDisposable
{
    public DynamoMetadataStore Store { get; } = store;
    public DynamoFileSystem Fs { get; } = fs;
    private long _unique;

    public FuseContext Ctx(uint uid = 0, uint gid = 0, CancellationToken ct = default) =>
        new((ulong)Interlocked.Increment(ref _unique), uid, gid, 0, ct);

    public static FuseName N(string name) => FuseName.FromString(name);

    public async ValueTask DisposeAsync()
    {
        Fs.Destroy();
        await Store.DisposeAsync();
    }

    /// <summary>Resolves a path from the root; returns the node id or the errno (negated).</summary>
    public async Task<long> ResolveAsync(string path, uint uid = 0, uint gid = 0)
    {
        ulong node = 1;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var r = await Fs.Lookup(Ctx(uid, gid), node, N(part));
            if (!r.IsSuccess) return -r.Error;
            if (r.Value.NodeId == 0) return -Errno.ENOENT;
            node = r.Value.NodeId;
        }
        return (long)node;
    }

    public async Task<ulong> NodeAsync(string path)
    {
        long n = await ResolveAsync(path);
        Assert.True(n > 0, $"{path}: errno {-n}");
        return (ulong)n;
    }

    public async Task<(ulong Parent, string Name)> SplitAsync(string path)
    {
        int i = path.LastIndexOf('/');
        string dir = i <= 0 ? "/" : path[..i];
        return (await NodeAsync(dir), path[(i + 1)..]);
    }

    public async Task<FuseAttributes> StatAsync(string path)
    {
        var node = await NodeAsync(path);
        var r = await Fs.GetAttr(Ctx(), node, null);
        Assert.True(r.IsSuccess, $"getattr {path}: errno {r.Error}");
        return r.Value.Attributes;
    }

    public async Task<int> MkdirAsync(string path, uint mode = 0x1ED, uint uid = 0, uint gid = 0)
    {
        var (parent, name) = await SplitAsync(path);
        var r = await Fs.MakeDirectory(Ctx(uid, gid), parent, N(name), mode, 0);
        return r.Error;
    }

    /// <summary>Creates a file and returns (errno, node, handle); the handle stays open.</summary>
    public async Task<(int Errno, ulong Node, ulong Handle)> CreateAsync(string path, uint mode = 0x1A4, uint uid = 0, uint gid = 0, int flags = 2)
    {
        var (parent, name) = await SplitAsync(path);
        var r = await Fs.Create(Ctx(uid, gid), parent, N(name), mode, 0, flags | 0x40);
        return r.IsSuccess ? (0, r.Value.Entry.NodeId, r.Value.Open.Handle) : (r.Error, 0, 0);
    }

    public async Task<(int Errno, ulong Handle)> OpenAsync(string path, int flags, uint uid = 0, uint gid = 0)
    {
        var node = await NodeAsync(path);
        var r = await Fs.Open(Ctx(uid, gid), node, flags, false);
        return r.IsSuccess ? (0, r.Value.Handle) : (r.Error, 0);
    }

    public async Task CloseAsync(ulong node, ulong handle, uint uid = 0)
    {
        Assert.Equal(0, await Fs.Flush(Ctx(uid), node, handle, 42));
        Assert.Equal(0, await Fs.Release(Ctx(uid), node, handle, 0, false, 42));
    }

    public async Task WriteFileAsync(string path, byte[] data, uint uid = 0)
    {
        long existing = await ResolveAsync(path);
        ulong node, handle;
        if (existing > 0)
        {
            node = (ulong)existing;
            var o = await Fs.Open(Ctx(uid), node, 2 | 0x200, false);
            Assert.True(o.IsSuccess, $"open {path}: errno {o.Error}");
            handle = o.Value.Handle;
        }
        else
        {
            var c = await CreateAsync(path, uid: uid);
            Assert.Equal(0, c.Errno);
            (node, handle) = (c.Node, c.Handle);
        }
        for (int off = 0; off < data.Length; off += 1 << 20)
        {
            int n = Math.Min(1 << 20, data.Length - off);
            var w = await Fs.Write(Ctx(uid), node, handle, off, data.AsMemory(off, n), false, null);
            Assert.True(w.IsSuccess, $"write {path}: errno {w.Error}");
            Assert.Equal(n, w.Value);
        }
        await CloseAsync(node, handle, uid);
    }

    public async Task<byte[]> ReadFileAsync(string path, uint uid = 0)
    {
        var node = await NodeAsync(path);
        var o = await Fs.Open(Ctx(uid), node, 0, false);
        Assert.True(o.IsSuccess, $"open {path}: errno {o.Error}");
        var result = new MemoryStream();
        var buf = new byte[1 << 20];
        long off = 0;
        while (true)
        {
            var r = await Fs.Read(Ctx(uid), node, o.Value.Handle, off, buf, null);
            Assert.True(r.IsSuccess, $"read {path}: errno {r.Error}");
            if (r.Value == 0) break;
            result.Write(buf, 0, r.Value);
            off += r.Value;
        }
        await CloseAsync(node, o.Value.Handle, uid);
        return result.ToArray();
    }

    public async Task<List<(string Name, ulong Inode, ulong Cookie)>> ListAsync(string path, bool plus = false, int capacity = int.MaxValue)
    {
        var node = await NodeAsync(path);
        var o = await Fs.OpenDir(Ctx(), node, 0);
        Assert.True(o.IsSuccess);
        var all = new List<(string, ulong, ulong)>();
        ulong offset = 0;
        while (true)
        {
            var listing = new Listing(plus, capacity);
            Assert.Equal(0, await Fs.ReadDir(Ctx(), node, o.Value.Handle, offset, listing));
            if (listing.Entries.Count == 0) break;
            all.AddRange(listing.Entries);
            offset = listing.Entries[^1].Cookie;
        }
        Assert.Equal(0, await Fs.ReleaseDir(Ctx(), node, o.Value.Handle));
        return all;
    }

    /// <summary>A READDIR reply buffer that holds at most <c>capacity</c> entries.</summary>
    public sealed class Listing(bool plus, int capacity) : DirectoryListing
    {
        public List<(string Name, ulong Inode, ulong Cookie)> Entries { get; } = [];
        public List<FuseEntry> PlusEntries { get; } = [];
        public override bool IsPlus => plus;

        public override bool TryAdd(ReadOnlySpan<byte> name, ulong inode, uint mode, ulong nextCookie)
        {
            if (Entries.Count >= capacity) return false;
            Assert.NotEqual(0UL, nextCookie);
            Entries.Add((Encoding.UTF8.GetString(name), inode, nextCookie));
            return true;
        }

        public override bool TryAddPlus(ReadOnlySpan<byte> name, in FuseEntry entry, ulong nextCookie)
        {
            if (Entries.Count >= capacity) return false;
            Assert.NotEqual(0UL, nextCookie);
            Entries.Add((Encoding.UTF8.GetString(name), entry.NodeId, nextCookie));
            PlusEntries.Add(entry);
            return true;
        }
    }
}
