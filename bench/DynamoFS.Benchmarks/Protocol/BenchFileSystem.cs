using DynamoFS.Fuse;
using FileMode = DynamoFS.Fuse.FileMode;

namespace DynamoFS.Benchmarks.Protocol;

/// <summary>
/// Our side of the protocol benchmark: the same tree as libfuse/memfs_ll.c - a root holding one
/// read-only file "data" whose byte i is (i * 7 + 13) &amp; 0xFF - with timeouts 0 so every stat()
/// reaches the session. It does as little as the C version, so the comparison measures the
/// protocol layers and not the file systems.
/// </summary>
public sealed class BenchFileSystem : IFuseFileSystem
{
    private const ulong DataId = 2;
    private static readonly byte[] DataName = "data"u8.ToArray();
    private readonly byte[] _content;
    private readonly FuseTime _started = FuseTime.Now;

    public BenchFileSystem(int size)
    {
        _content = GC.AllocateUninitializedArray<byte>(size, pinned: true);
        for (int i = 0; i < size; i++) _content[i] = (byte)((i * 7 + 13) & 0xFF);
    }

    public ValueTask<FuseResult<FuseEntry>> Lookup(FuseContext ctx, ulong parent, FuseName name)
    {
        if (parent != 1 || !name.Span.SequenceEqual(DataName)) return ValueTask.FromResult(FuseResult<FuseEntry>.Fail(Errno.ENOENT));
        return ValueTask.FromResult(FuseResult<FuseEntry>.Ok(new FuseEntry { NodeId = DataId, Generation = 1, Attributes = Attributes(DataId) }));
    }

    public ValueTask<FuseResult<FuseAttributeReply>> GetAttr(FuseContext ctx, ulong nodeId, ulong? handle) =>
        ValueTask.FromResult(nodeId is 1 or DataId
            ? FuseResult<FuseAttributeReply>.Ok(new FuseAttributeReply(Attributes(nodeId), TimeSpan.Zero))
            : FuseResult<FuseAttributeReply>.Fail(Errno.ENOENT));

    public ValueTask<FuseResult<FuseOpenReply>> Open(FuseContext ctx, ulong nodeId, int flags, bool killSuidGid) =>
        ValueTask.FromResult(nodeId != DataId ? FuseResult<FuseOpenReply>.Fail(Errno.EISDIR)
            : (flags & 3) != 0 ? FuseResult<FuseOpenReply>.Fail(Errno.EACCES)
            : FuseResult<FuseOpenReply>.Ok(new FuseOpenReply(1)));

    public ValueTask<FuseResult<int>> Read(FuseContext ctx, ulong nodeId, ulong handle, long offset, Memory<byte> destination, ulong? lockOwner)
    {
        if (offset >= _content.Length) return ValueTask.FromResult(FuseResult<int>.Ok(0));
        int n = (int)Math.Min(destination.Length, _content.Length - offset);
        _content.AsSpan((int)offset, n).CopyTo(destination.Span);
        return ValueTask.FromResult(FuseResult<int>.Ok(n));
    }

    // libfuse answers FLUSH/RELEASE/OPENDIR/RELEASEDIR it does not implement with success; so do we.
    public ValueTask<int> Flush(FuseContext ctx, ulong nodeId, ulong handle, ulong lockOwner) => ValueTask.FromResult(0);
    public ValueTask<int> Release(FuseContext ctx, ulong nodeId, ulong handle, int flags, bool releaseFlock, ulong lockOwner) => ValueTask.FromResult(0);
    public ValueTask<FuseResult<FuseOpenReply>> OpenDir(FuseContext ctx, ulong nodeId, int flags) =>
        ValueTask.FromResult(FuseResult<FuseOpenReply>.Ok(new FuseOpenReply(1)));
    public ValueTask<int> ReleaseDir(FuseContext ctx, ulong nodeId, ulong handle) => ValueTask.FromResult(0);

    private FuseAttributes Attributes(ulong nodeId) => nodeId == 1
        ? new FuseAttributes { Inode = 1, Mode = FileMode.Directory | 0x1ED, Links = 2, Size = 4096, BlockSize = 4096, AccessTime = _started, ModifyTime = _started, ChangeTime = _started }
        : new FuseAttributes
        {
            Inode = DataId, Mode = FileMode.Regular | 0x124, Links = 1, Size = (ulong)_content.Length,
            Blocks = (ulong)(_content.Length + 511) / 512, BlockSize = 4096,
            AccessTime = _started, ModifyTime = _started, ChangeTime = _started,
        };
}
