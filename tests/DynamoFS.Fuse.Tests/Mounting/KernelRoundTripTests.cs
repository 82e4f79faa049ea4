using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace DynamoFS.Fuse.Tests.Mounting;

/// <summary>
/// Writes, renames, deletes and xattrs through the real kernel against a one-directory file
/// system: exercises 1 MiB WRITE payloads (the reader-buffer handover), CREATE, SETATTR(size),
/// READDIRPLUS, RENAME, UNLINK and the SETXATTR_EXT layout, none of which HelloFileSystem has.
/// </summary>
[Collection(MountCollection.Name)]
public class KernelRoundTripTests
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(15);

    private static Task<T> Kernel<T>(Func<T> call) => Task.Run(call).WaitAsync(IoTimeout);

    /// <summary>A flat in-memory directory (root = 1); good enough to push bytes through the protocol.</summary>
    private sealed class FlatFileSystem : IFuseFileSystem
    {
        private sealed class Node
        {
            public required ulong Id;
            public byte[] Data = [];
            public readonly ConcurrentDictionary<string, byte[]> Xattrs = new();
        }

        private readonly ConcurrentDictionary<string, Node> _names = new();
        private readonly ConcurrentDictionary<ulong, Node> _nodes = new();
        private long _next = 1;
        private readonly Lock _lock = new();
        public int MaxWriteSeen;

        public FuseInitSettings Init(IFuseNotifier notifier) => new() { PosixLocks = false, FlockLocks = false };

        private static FuseAttributes Attr(Node? n) => n is null
            ? new FuseAttributes { Inode = 1, Mode = FileMode.Directory | 0x1FF, Links = 2 }
            : new FuseAttributes { Inode = n.Id, Mode = FileMode.Regular | 0x1A4, Links = 1, Size = (ulong)n.Data.Length };

        private static FuseEntry Entry(Node n) => new() { NodeId = n.Id, Attributes = Attr(n) };

        private static ValueTask<FuseResult<T>> Ok<T>(T v) => ValueTask.FromResult(FuseResult<T>.Ok(v));
        private static ValueTask<FuseResult<T>> Fail<T>(int e) => ValueTask.FromResult(FuseResult<T>.Fail(e));

        public ValueTask<FuseResult<FuseEntry>> Lookup(FuseContext ctx, ulong parent, FuseName name) =>
            _names.TryGetValue(name.ToString(), out var n) ? Ok(Entry(n)) : Fail<FuseEntry>(Errno.ENOENT);

        public ValueTask<FuseResult<FuseAttributeReply>> GetAttr(FuseContext ctx, ulong nodeId, ulong? handle) =>
            nodeId == 1 ? Ok(new FuseAttributeReply(Attr(null), TimeSpan.Zero))
            : _nodes.TryGetValue(nodeId, out var n) ? Ok(new FuseAttributeReply(Attr(n), TimeSpan.Zero))
            : Fail<FuseAttributeReply>(Errno.ENOENT);

        public ValueTask<FuseResult<FuseAttributeReply>> SetAttr(FuseContext ctx, ulong nodeId, FuseSetAttributes a)
        {
            if (!_nodes.TryGetValue(nodeId, out var n)) return GetAttr(ctx, nodeId, null);
            lock (_lock) if (a.Has(SetAttributeFields.Size)) { var d = n.Data; Array.Resize(ref d, (int)a.Size); n.Data = d; }
            return GetAttr(ctx, nodeId, null);
        }

        public ValueTask<FuseResult<FuseCreateReply>> Create(FuseContext ctx, ulong parent, FuseName name, uint mode, uint umask, int flags)
        {
            var n = _names.GetOrAdd(name.ToString(), _ => new Node { Id = (ulong)Interlocked.Increment(ref _next) });
            _nodes[n.Id] = n;
            return Ok(new FuseCreateReply(Entry(n), new FuseOpenReply(n.Id)));
        }

        public ValueTask<FuseResult<FuseOpenReply>> Open(FuseContext ctx, ulong nodeId, int flags, bool killSuidGid)
        {
            if ((flags & 0x200) != 0 && _nodes.TryGetValue(nodeId, out var n)) n.Data = []; // O_TRUNC (ATOMIC_O_TRUNC)
            return Ok(new FuseOpenReply(nodeId));
        }

        public ValueTask<FuseResult<int>> Read(FuseContext ctx, ulong nodeId, ulong handle, long offset, Memory<byte> destination, ulong? lockOwner)
        {
            var data = _nodes[nodeId].Data;
            if (offset >= data.Length) return Ok(0);
            int count = Math.Min(destination.Length, data.Length - (int)offset);
            data.AsSpan((int)offset, count).CopyTo(destination.Span);
            return Ok(count);
        }

        public ValueTask<FuseResult<int>> Write(FuseContext ctx, ulong nodeId, ulong handle, long offset, ReadOnlyMemory<byte> data, bool killSuidGid, ulong? lockOwner)
        {
            var n = _nodes[nodeId];
            lock (_lock)
            {
                MaxWriteSeen = Math.Max(MaxWriteSeen, data.Length);
                var d = n.Data;
                if (d.Length < offset + data.Length) Array.Resize(ref d, (int)offset + data.Length);
                data.Span.CopyTo(d.AsSpan((int)offset));
                n.Data = d;
            }
            return Ok(data.Length);
        }

        public ValueTask<int> Flush(FuseContext ctx, ulong nodeId, ulong handle, ulong lockOwner) => ValueTask.FromResult(0);
        public ValueTask<int> Release(FuseContext ctx, ulong nodeId, ulong handle, int flags, bool releaseFlock, ulong lockOwner) => ValueTask.FromResult(0);
        public ValueTask<FuseResult<FuseOpenReply>> OpenDir(FuseContext ctx, ulong nodeId, int flags) => Ok(new FuseOpenReply(1));
        public ValueTask<int> ReleaseDir(FuseContext ctx, ulong nodeId, ulong handle) => ValueTask.FromResult(0);

        public ValueTask<int> ReadDir(FuseContext ctx, ulong nodeId, ulong handle, ulong offset, DirectoryListing listing)
        {
            var names = _names.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
            for (ulong i = offset; i < (ulong)names.Length; i++)
            {
                var (name, node) = (names[i].Key, names[i].Value);
                if (!listing.TryAddPlus(Encoding.UTF8.GetBytes(name), Entry(node), i + 1)) break;
            }
            return ValueTask.FromResult(0);
        }

        public ValueTask<int> Unlink(FuseContext ctx, ulong parent, FuseName name) =>
            ValueTask.FromResult(_names.TryRemove(name.ToString(), out _) ? 0 : Errno.ENOENT);

        public ValueTask<int> Rename(FuseContext ctx, ulong parent, FuseName name, ulong newParent, FuseName newName, FuseRenameFlags flags)
        {
            lock (_lock)
            {
                if (!_names.TryRemove(name.ToString(), out var n)) return ValueTask.FromResult(Errno.ENOENT);
                _names[newName.ToString()] = n;
                return ValueTask.FromResult(0);
            }
        }

        public ValueTask<int> SetXattr(FuseContext ctx, ulong nodeId, FuseName name, ReadOnlyMemory<byte> value, int flags)
        {
            _nodes[nodeId].Xattrs[name.ToString()] = value.ToArray();
            return ValueTask.FromResult(0);
        }

        public ValueTask<FuseResult<byte[]>> GetXattr(FuseContext ctx, ulong nodeId, FuseName name) =>
            _nodes.TryGetValue(nodeId, out var n) && n.Xattrs.TryGetValue(name.ToString(), out var v) ? Ok(v) : Fail<byte[]>(Errno.ENODATA);

        public ValueTask<FuseResult<byte[]>> ListXattr(FuseContext ctx, ulong nodeId) =>
            Ok(_nodes.TryGetValue(nodeId, out var n) ? Encoding.UTF8.GetBytes(string.Concat(n.Xattrs.Keys.Order().Select(k => k + "\0"))) : []);

        public ValueTask<int> RemoveXattr(FuseContext ctx, ulong nodeId, FuseName name) =>
            ValueTask.FromResult(_nodes[nodeId].Xattrs.TryRemove(name.ToString(), out _) ? 0 : Errno.ENODATA);
    }

    private static async Task<string> Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(IoTimeout);
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)}: {await stderr}");
        return await stdout;
    }

    [Fact]
    public async Task WriteReadRenameUnlinkAndXattrsThroughTheKernel()
    {
        using var mp = new TempMountPoint();
        var fs = new FlatFileSystem();
        await using var mount = await FuseMount.MountAsync(mp.Path, fs, new FuseMountOptions
        {
            FsName = "dynamofs-test", Subtype = "dynamofs-test", AutoUnmount = false, ReaderThreads = 2,
        });

        var data = new byte[3 * 1024 * 1024 + 123];
        new Random(7).NextBytes(data);
        string a = mp.File("a.bin"), b = mp.File("b.bin");
        await Kernel(() => { using var f = new FileStream(a, System.IO.FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None); f.Write(data); return 0; });
        Assert.Equal(1024 * 1024, fs.MaxWriteSeen); // max_write 1 MiB negotiated and used
        Assert.Equal(data, await Kernel(() => File.ReadAllBytes(a)));

        await Kernel(() => { File.Move(a, b); return 0; });
        Assert.Equal(new[] { "b.bin" }, await Kernel(() => Directory.GetFiles(mp.Path).Select(p => Path.GetFileName(p)!).ToArray()));
        Assert.Equal(data.Length, await Kernel(() => new FileInfo(b).Length));

        await Kernel(() => { File.WriteAllText(b, "short"); return 0; }); // O_TRUNC open
        Assert.Equal("short", await Kernel(() => File.ReadAllText(b)));

        await Run("setfattr", "-n", "user.color", "-v", "blue", b);
        Assert.Contains("user.color=\"blue\"", await Run("getfattr", "-d", b));
        await Run("setfattr", "-x", "user.color", b);
        Assert.DoesNotContain("user.color", await Run("getfattr", "-d", b));

        await Kernel(() => { File.Delete(b); return 0; });
        Assert.Empty(await Kernel(() => Directory.GetFiles(mp.Path)));

        // Make the kernel drop its dentries and inodes: it FORGETs every node it holds. The
        // session's counts must come back to exactly zero, never below.
        await Kernel(() =>
        {
            for (int k = 0; k < 3; k++) File.WriteAllText(mp.File("c" + k), "x");
            for (int k = 0; k < 3; k++) File.ReadAllText(mp.File("c" + k));
            return Directory.GetFiles(mp.Path).Length; // READDIRPLUS counts too
        });
        Assert.True(mount.Session.Lookups.Count > 0);
        await File.WriteAllTextAsync("/proc/sys/vm/drop_caches", "2");
        Assert.True(await TempMountPoint.WaitUntil(() => mount.Session.Lookups.Count == 0, TimeSpan.FromSeconds(5)),
            $"{mount.Session.Lookups.Count} node(s) still counted after the kernel dropped its caches");
        Assert.Equal(0, mount.Session.ForgetMismatches);
    }

}
