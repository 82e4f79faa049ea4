using DynamoFS.Core.Storage;
using DynamoFS.Fuse;

namespace DynamoFS.Core;

// Directory handles and listings: opendir, readdir(plus), releasedir, fsyncdir.
public sealed partial class DynamoFileSystem
{
    /// <summary>Entries fetched per store query: plain listings are cheap, plus listings also batch-read inodes.</summary>
    private const int PlainPage = 256;
    private const int PlusPage = 64;

    public ValueTask<FuseResult<FuseOpenReply>> OpenDir(FuseContext ctx, ulong nodeId, int flags) => Run("opendir", ctx, async () =>
    {
        var node = await GetNodeAsync(nodeId, ctx.Cancellation).ConfigureAwait(false);
        if (node is null) return Fail<FuseOpenReply>(Errno.ENOENT);
        var record = node.Effective;
        if (!FileMode.IsDirectory(record.Mode)) return Fail<FuseOpenReply>(Errno.ENOTDIR);
        if (!Permissions.MayAccess(record, Caller.From(ctx), Permissions.Read)) return Fail<FuseOpenReply>(Errno.EACCES);
        var handle = _handles.Add(node, flags, directory: true);
        // No CacheDir: other clients change directories, so the kernel must ask again each time.
        return new FuseOpenReply(handle.Id);
    });

    /// <summary>
    /// "." has cookie 1 and ".." cookie 2; entries follow in cookie order, each carrying its own
    /// cookie (a hash of its name), so a listing resumes exactly after any entry it was given
    /// even while the directory changes.
    /// </summary>
    public ValueTask<int> ReadDir(FuseContext ctx, ulong nodeId, ulong handle, ulong offset, DirectoryListing listing) => RunStatus(listing.IsPlus ? "readdirplus" : "readdir", ctx, async () =>
    {
        var h = _handles.Find(handle);
        if (h is null || !h.IsDirectory) return Errno.EBADF;
        var ct = ctx.Cancellation;
        var dir = h.Node;
        if (offset < 1)
        {
            var self = dir.Effective;
            bool ok = listing.IsPlus
                ? listing.TryAddPlus("."u8, new FuseEntry { NodeId = dir.Id, Attributes = ToAttributes(self) }, 1)
                : listing.TryAdd("."u8, dir.Id, FileMode.Directory, 1);
            if (!ok) return 0;
        }
        if (offset < 2)
        {
            var self = dir.Record;
            ulong parentId = self.Parent == 0 ? RootId : self.Parent;
            bool ok = listing.IsPlus
                ? listing.TryAddPlus(".."u8, new FuseEntry { NodeId = parentId, Attributes = new FuseAttributes { Inode = parentId, Mode = FileMode.Directory } }, 2)
                : listing.TryAdd(".."u8, parentId, FileMode.Directory, 2);
            if (!ok) return 0;
        }
        ulong after = offset <= 2 ? 0 : offset;
        while (true)
        {
            var page = await _meta.ListEntriesAsync(dir.Id, after, listing.IsPlus ? PlusPage : PlainPage, ct).ConfigureAwait(false);
            IReadOnlyDictionary<ulong, InodeRecord>? inodes = null;
            if (listing.IsPlus && page.Entries.Count > 0)
                inodes = await _meta.GetInodesAsync(page.Entries.Select(x => x.Inode).Distinct().ToList(), ct).ConfigureAwait(false);
            foreach (var entry in page.Entries)
            {
                if (inodes is not null)
                {
                    if (!inodes.TryGetValue(entry.Inode, out var record)) { after = entry.Cookie; continue; } // removed meanwhile
                    var existing = _nodes.Find(record.Id);
                    existing?.Update(record);
                    var fuseEntry = ChildEntry(dir.Id, entry.Name, existing?.Effective ?? record);
                    if (!listing.TryAddPlus(entry.Name, fuseEntry, entry.Cookie)) return 0;
                    // The kernel now holds a reference to this node.
                    _nodes.GetOrAdd(record).KernelReferenced = true;
                }
                else if (!listing.TryAdd(entry.Name, entry.Inode, TypeToMode(entry.Type), entry.Cookie))
                {
                    return 0;
                }
                after = entry.Cookie;
            }
            if (!page.HasMore || page.Entries.Count == 0) return 0;
        }
    });

    /// <summary>An entry's stored type as mode bits (accepts S_IFMT bits or a d_type value).</summary>
    private static uint TypeToMode(uint type) => type <= 0xF ? type << 12 : type & FileMode.TypeMask;

    public ValueTask<int> ReleaseDir(FuseContext ctx, ulong nodeId, ulong handle)
    {
        var (h, remaining) = _handles.Remove(handle);
        if (h is null) return ValueTask.FromResult(Errno.EBADF);
        if (remaining == 0) _nodes.TryEvict(h.Node);
        return ValueTask.FromResult(0);
    }

    /// <summary>Directory changes are committed by the operations themselves: nothing is pending.</summary>
    public ValueTask<int> FsyncDir(FuseContext ctx, ulong nodeId, ulong handle, bool dataOnly) => ValueTask.FromResult(0);
}
