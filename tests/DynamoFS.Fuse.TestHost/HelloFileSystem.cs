using System.Text;
using DynamoFS.Fuse;

namespace DynamoFS.Fuse.TestHost;

/// <summary>
/// The smallest useful file system: a root directory (node 1) holding one read-only file,
/// hello.txt (node 2). Used by the mount smoke tests and by the auto-unmount test host.
/// It records forgets so tests can check the session's lookup accounting.
/// </summary>
public sealed class HelloFileSystem : IFuseFileSystem
{
    public const ulong RootId = 1;
    public const ulong FileId = 2;
    public const string FileName = "hello.txt";
    public static readonly byte[] Content = Encoding.UTF8.GetBytes("Hello from DynamoFS.Fuse!\n");
    private static readonly FuseTime Epoch = new(1_700_000_000, 123_456_789);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private int _forgets;
    private int _destroyed;

    public int Forgets => Volatile.Read(ref _forgets);
    public bool Destroyed => Volatile.Read(ref _destroyed) != 0;
    public IFuseNotifier? Notifier { get; private set; }

    public FuseInitSettings Init(IFuseNotifier notifier)
    {
        Notifier = notifier;
        return new FuseInitSettings { PosixLocks = false, FlockLocks = false };
    }

    public void Forget(ulong nodeId) => Interlocked.Increment(ref _forgets);

    public void Destroy() => Volatile.Write(ref _destroyed, 1);

    public static FuseAttributes Attributes(ulong node) => node == RootId
        ? new FuseAttributes { Inode = RootId, Mode = FileMode.Directory | 0x1ED, Links = 2, AccessTime = Epoch, ModifyTime = Epoch, ChangeTime = Epoch }
        : new FuseAttributes { Inode = FileId, Mode = FileMode.Regular | 0x1A4, Links = 1, Size = (ulong)Content.Length, Blocks = 1, AccessTime = Epoch, ModifyTime = Epoch, ChangeTime = Epoch };

    public static FuseEntry FileEntry => new() { NodeId = FileId, Attributes = Attributes(FileId), EntryTimeout = Timeout, AttributeTimeout = Timeout };

    public ValueTask<FuseResult<FuseEntry>> Lookup(FuseContext ctx, ulong parent, FuseName name) =>
        ValueTask.FromResult(parent == RootId && name.ToString() == FileName
            ? FuseResult<FuseEntry>.Ok(FileEntry)
            : FuseResult<FuseEntry>.Fail(Errno.ENOENT));

    public ValueTask<FuseResult<FuseAttributeReply>> GetAttr(FuseContext ctx, ulong nodeId, ulong? handle) =>
        ValueTask.FromResult(nodeId is RootId or FileId
            ? FuseResult<FuseAttributeReply>.Ok(new FuseAttributeReply(Attributes(nodeId), Timeout))
            : FuseResult<FuseAttributeReply>.Fail(Errno.ENOENT));

    public ValueTask<FuseResult<FuseOpenReply>> Open(FuseContext ctx, ulong nodeId, int flags, bool killSuidGid) =>
        ValueTask.FromResult((flags & 3) != 0
            ? FuseResult<FuseOpenReply>.Fail(Errno.EACCES)
            : FuseResult<FuseOpenReply>.Ok(new FuseOpenReply(42)));

    public ValueTask<FuseResult<int>> Read(FuseContext ctx, ulong nodeId, ulong handle, long offset, Memory<byte> destination, ulong? lockOwner)
    {
        if (offset >= Content.Length) return ValueTask.FromResult(FuseResult<int>.Ok(0));
        int n = Math.Min(destination.Length, Content.Length - (int)offset);
        Content.AsSpan((int)offset, n).CopyTo(destination.Span);
        return ValueTask.FromResult(FuseResult<int>.Ok(n));
    }

    public ValueTask<int> Release(FuseContext ctx, ulong nodeId, ulong handle, int flags, bool releaseFlock, ulong lockOwner) => ValueTask.FromResult(0);

    public ValueTask<FuseResult<FuseOpenReply>> OpenDir(FuseContext ctx, ulong nodeId, int flags) =>
        ValueTask.FromResult(FuseResult<FuseOpenReply>.Ok(new FuseOpenReply(7)));

    public ValueTask<int> ReadDir(FuseContext ctx, ulong nodeId, ulong handle, ulong offset, DirectoryListing listing)
    {
        // Cookies: 1 after ".", 2 after "..", 3 after hello.txt.
        var root = new FuseEntry { Attributes = Attributes(RootId) };
        if (offset < 1 && !listing.TryAddPlus("."u8, root, 1)) return ValueTask.FromResult(0);
        if (offset < 2 && !listing.TryAddPlus(".."u8, root, 2)) return ValueTask.FromResult(0);
        if (offset < 3) listing.TryAddPlus(Encoding.UTF8.GetBytes(FileName), FileEntry, 3);
        return ValueTask.FromResult(0);
    }

    public ValueTask<int> ReleaseDir(FuseContext ctx, ulong nodeId, ulong handle) => ValueTask.FromResult(0);

    public ValueTask<FuseResult<FuseStatfs>> StatFs(FuseContext ctx, ulong nodeId) =>
        ValueTask.FromResult(FuseResult<FuseStatfs>.Ok(new FuseStatfs { Blocks = 100, BlocksFree = 50, BlocksAvailable = 50, Files = 10, FilesFree = 8, BlockSize = 4096, NameLength = 255, FragmentSize = 4096 }));
}
