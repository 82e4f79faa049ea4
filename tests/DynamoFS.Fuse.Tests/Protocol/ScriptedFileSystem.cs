using System.Collections.Concurrent;
using System.Text;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>
/// A file system for session tests whose answers are derived from names, so each test can
/// provoke exactly the case it wants: "n7" looks up as node 7, "missing" is ENOENT, "throw"
/// throws, "block" waits for cancellation; xattr "user.big" is 100 bytes long.
/// </summary>
internal sealed class ScriptedFileSystem : IFuseFileSystem
{
    public ConcurrentQueue<ulong> Forgotten { get; } = new();
    public volatile bool Destroyed;
    public FuseInitSettings Settings { get; set; } = new();
    public IFuseNotifier? Notifier { get; private set; }
    public TaskCompletionSource BlockStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public byte[]? LastWrite;
    public FuseSetAttributes? LastSetAttr;

    public FuseInitSettings Init(IFuseNotifier notifier)
    {
        Notifier = notifier;
        return Settings;
    }

    public void Forget(ulong nodeId) => Forgotten.Enqueue(nodeId);

    public void Destroy() => Destroyed = true;

    public static FuseEntry Entry(ulong node) => new()
    {
        NodeId = node,
        Generation = 1,
        Attributes = new FuseAttributes { Inode = node, Mode = FileMode.Regular | 0x1A4, Links = 1 },
        EntryTimeout = TimeSpan.FromSeconds(1),
        AttributeTimeout = TimeSpan.FromSeconds(1),
    };

    public async ValueTask<FuseResult<FuseEntry>> Lookup(FuseContext ctx, ulong parent, FuseName name)
    {
        string s = name.ToString();
        switch (s)
        {
            case "missing": return FuseResult<FuseEntry>.Fail(Errno.ENOENT);
            case "throw": throw new InvalidOperationException("scripted failure");
            case "block":
                BlockStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, ctx.Cancellation).ContinueWith(_ => { }, TaskScheduler.Default);
                return FuseResult<FuseEntry>.Fail(Errno.EINTR);
            case "syncblock":
                // Blocks its thread synchronously (no await) until interrupted.
                BlockStarted.TrySetResult();
                ctx.Cancellation.WaitHandle.WaitOne();
                return FuseResult<FuseEntry>.Fail(Errno.EINTR);
            case "cancelthrow":
                BlockStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, ctx.Cancellation);
                return FuseResult<FuseEntry>.Fail(Errno.EIO);
        }
        return s.StartsWith('n') && ulong.TryParse(s.AsSpan(1), out ulong node)
            ? Entry(node)
            : FuseResult<FuseEntry>.Fail(Errno.ENOENT);
    }

    public ValueTask<FuseResult<FuseAttributeReply>> GetAttr(FuseContext ctx, ulong nodeId, ulong? handle) =>
        ValueTask.FromResult(FuseResult<FuseAttributeReply>.Ok(new FuseAttributeReply(Entry(nodeId).Attributes, TimeSpan.FromSeconds(2))));

    public ValueTask<FuseResult<FuseAttributeReply>> SetAttr(FuseContext ctx, ulong nodeId, FuseSetAttributes attributes)
    {
        LastSetAttr = attributes;
        return GetAttr(ctx, nodeId, null);
    }

    /// <summary>"nN" creates directory node N; "wrongtypeN" answers a regular file (a bug the session must catch).</summary>
    public ValueTask<FuseResult<FuseEntry>> MakeDirectory(FuseContext ctx, ulong parent, FuseName name, uint mode, uint umask)
    {
        string s = name.ToString();
        bool wrong = s.StartsWith("wrongtype", StringComparison.Ordinal);
        ulong node = ulong.Parse(s.AsSpan(wrong ? 9 : 1), System.Globalization.CultureInfo.InvariantCulture);
        var entry = Entry(node);
        if (!wrong) entry = entry with { Attributes = entry.Attributes with { Mode = FileMode.Directory | mode } };
        return ValueTask.FromResult(FuseResult<FuseEntry>.Ok(entry));
    }

    public ValueTask<FuseResult<FuseCreateReply>> Create(FuseContext ctx, ulong parent, FuseName name, uint mode, uint umask, int flags) =>
        ValueTask.FromResult(FuseResult<FuseCreateReply>.Ok(new FuseCreateReply(Entry(9), new FuseOpenReply(77, FuseOpenFlags.KeepCache))));

    public ValueTask<FuseResult<int>> Write(FuseContext ctx, ulong nodeId, ulong handle, long offset, ReadOnlyMemory<byte> data, bool killSuidGid, ulong? lockOwner)
    {
        LastWrite = data.ToArray();
        return ValueTask.FromResult(FuseResult<int>.Ok(data.Length));
    }

    public ValueTask<FuseResult<int>> Read(FuseContext ctx, ulong nodeId, ulong handle, long offset, Memory<byte> destination, ulong? lockOwner)
    {
        destination.Span.Fill((byte)'x');
        return ValueTask.FromResult(FuseResult<int>.Ok(destination.Length / 2));
    }

    public ValueTask<FuseResult<byte[]>> GetXattr(FuseContext ctx, ulong nodeId, FuseName name) =>
        ValueTask.FromResult(name.ToString() switch
        {
            "user.big" => FuseResult<byte[]>.Ok(new byte[100]),
            "user.small" => FuseResult<byte[]>.Ok(Encoding.ASCII.GetBytes("abc")),
            _ => FuseResult<byte[]>.Fail(Errno.ENODATA),
        });

    public ValueTask<FuseResult<byte[]>> ListXattr(FuseContext ctx, ulong nodeId) =>
        ValueTask.FromResult(FuseResult<byte[]>.Ok(Encoding.ASCII.GetBytes("user.big\0user.small\0")));

    /// <summary>Lists ".", "..", then n10, n11, ... n19 (node ids 10..19) with cookies 1..12.</summary>
    public ValueTask<int> ReadDir(FuseContext ctx, ulong nodeId, ulong handle, ulong offset, DirectoryListing listing)
    {
        for (ulong i = offset; i < 12; i++)
        {
            string name = i switch { 0 => ".", 1 => "..", _ => $"n{i + 8}" };
            var entry = Entry(i < 2 ? nodeId : i + 8);
            bool ok = listing.IsPlus
                ? listing.TryAddPlus(Encoding.ASCII.GetBytes(name), entry, i + 1)
                : listing.TryAdd(Encoding.ASCII.GetBytes(name), entry.NodeId, entry.Attributes.Mode, i + 1);
            if (!ok) break;
        }
        return ValueTask.FromResult(0);
    }

    public async ValueTask<int> SetLock(FuseContext ctx, ulong nodeId, FuseLockRequest request, bool wait)
    {
        if (!wait) return 0;
        BlockStarted.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, ctx.Cancellation);
        }
        catch (OperationCanceledException)
        {
            return Errno.EINTR;
        }
        return 0;
    }
}
