namespace DynamoFS.Fuse.Tests.Memory;

// Directory handles and listings. Cookies: "." ends at 1, ".." at 2, each entry at its own
// cookie (see MemoryDirectory), so resuming at any cookie ever sent stays exact.
public sealed partial class MemoryFileSystem
{
    public ValueTask<FuseResult<FuseOpenReply>> OpenDir(FuseContext ctx, ulong nodeId, int flags)
    {
        Calls.Record(Op.OpenDir);
        lock (_gate)
        {
            var dir = DirectoryNode(nodeId, out int error);
            if (dir is null) return Fail<FuseOpenReply>(error);
            dir.OpenHandles++;
            return Ok(new FuseOpenReply(_nextHandle++));
        }
    }

    public ValueTask<int> ReadDir(FuseContext ctx, ulong nodeId, ulong handle, ulong offset, DirectoryListing listing)
    {
        Calls.Record(listing.IsPlus ? Op.ReadDirPlus : Op.ReadDir);
        lock (_gate)
        {
            var dir = DirectoryNode(nodeId, out int error);
            if (dir is null) return Done(error);
            if (offset < 1 && !AddDot(listing, "."u8, dir, 1)) return Done();
            if (offset < 2 && !AddDot(listing, ".."u8, dir.Parent!, 2)) return Done();
            foreach (var entry in dir.Directory!.After(Math.Max(offset, 2)))
            {
                var node = entry.Node;
                bool added = listing.IsPlus
                    ? listing.TryAddPlus(entry.Name.Span, EntryForListing(node), entry.Cookie)
                    : listing.TryAdd(entry.Name.Span, node.Id, node.Mode, entry.Cookie);
                if (!added) break;
            }
            dir.AccessTime = FuseTime.Now;
            return Done();
        }
    }

    public ValueTask<int> ReleaseDir(FuseContext ctx, ulong nodeId, ulong handle)
    {
        Calls.Record(Op.ReleaseDir);
        lock (_gate)
        {
            if (_nodes.TryGetValue(nodeId, out var dir))
            {
                dir.OpenHandles--;
                DropIfUnused(dir);
            }
            return Done();
        }
    }

    public ValueTask<int> FsyncDir(FuseContext ctx, ulong nodeId, ulong handle, bool dataOnly)
    {
        Calls.Record(Op.FsyncDir);
        return Done();
    }

    // "." and ".." carry no node id: the kernel takes no reference for them.
    private bool AddDot(DirectoryListing listing, ReadOnlySpan<byte> name, MemoryNode node, ulong cookie) =>
        listing.IsPlus
            ? listing.TryAddPlus(name, new FuseEntry { NodeId = 0, Attributes = node.Attributes }, cookie)
            : listing.TryAdd(name, node.Id, node.Mode, cookie);

    // Unlike EntryFor, only a successful TryAddPlus hands the kernel a reference; but marking the
    // node live early is harmless (at worst it stays in memory until the next Forget).
    private FuseEntry EntryForListing(MemoryNode node) => EntryFor(node);
}
