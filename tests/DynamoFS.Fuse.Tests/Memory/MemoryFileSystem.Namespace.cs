namespace DynamoFS.Fuse.Tests.Memory;

// Names: creating, linking, removing and renaming directory entries.
public sealed partial class MemoryFileSystem
{
    public ValueTask<FuseResult<FuseEntry>> MakeNode(FuseContext ctx, ulong parent, FuseName name, uint mode, uint rdev, uint umask)
    {
        Calls.Record(Op.MakeNode);
        uint type = mode & FileMode.TypeMask;
        if (type is not (FileMode.Regular or FileMode.Fifo or FileMode.Socket or FileMode.Char or FileMode.Block))
            return Fail<FuseEntry>(Errno.EINVAL);
        return AddEntry(ctx, parent, name, ApplyUmask(mode, umask), node => node.Rdev = rdev);
    }

    public ValueTask<FuseResult<FuseEntry>> MakeDirectory(FuseContext ctx, ulong parent, FuseName name, uint mode, uint umask)
    {
        Calls.Record(Op.MakeDirectory);
        return AddEntry(ctx, parent, name, FileMode.Directory | ApplyUmask(mode & FileMode.PermissionMask, umask), null);
    }

    public ValueTask<FuseResult<FuseEntry>> Symlink(FuseContext ctx, ulong parent, FuseName name, byte[] target)
    {
        Calls.Record(Op.Symlink);
        return AddEntry(ctx, parent, name, FileMode.Symlink | 0x1FF /* 0777 */, node => node.SymlinkTarget = target);
    }

    public ValueTask<FuseResult<byte[]>> ReadLink(FuseContext ctx, ulong nodeId)
    {
        Calls.Record(Op.ReadLink);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Fail<byte[]>(Errno.ENOENT);
            return node.SymlinkTarget is { } target ? Ok(target) : Fail<byte[]>(Errno.EINVAL);
        }
    }

    public ValueTask<FuseResult<FuseCreateReply>> Create(FuseContext ctx, ulong parent, FuseName name, uint mode, uint umask, int flags)
    {
        Calls.Record(Op.Create);
        lock (_gate)
        {
            var created = AddEntryLocked(ctx, parent, name, FileMode.Regular | ApplyUmask(mode & FileMode.PermissionMask, umask), null);
            if (!created.IsSuccess) return Fail<FuseCreateReply>(created.Error);
            var node = _nodes[created.Value.NodeId];
            node.OpenHandles++;
            return Ok(new FuseCreateReply(created.Value, new FuseOpenReply(_nextHandle++)));
        }
    }

    public ValueTask<FuseResult<FuseEntry>> Link(FuseContext ctx, ulong nodeId, ulong newParent, FuseName newName)
    {
        Calls.Record(Op.Link);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Fail<FuseEntry>(Errno.ENOENT);
            if (node.IsDirectory) return Fail<FuseEntry>(Errno.EPERM);
            var dir = DirectoryNode(newParent, out int error);
            if (dir is null) return Fail<FuseEntry>(error);
            if (newName.Length > NameMax) return Fail<FuseEntry>(Errno.ENAMETOOLONG);
            if (dir.Directory!.TryGet(newName, out _)) return Fail<FuseEntry>(Errno.EEXIST);
            dir.Directory.Add(newName, node);
            node.Links++;
            node.Touch(modified: false);
            dir.Touch(modified: true);
            return Ok(EntryFor(node));
        }
    }

    public ValueTask<int> Unlink(FuseContext ctx, ulong parent, FuseName name)
    {
        Calls.Record(Op.Unlink);
        lock (_gate)
        {
            var dir = DirectoryNode(parent, out int error);
            if (dir is null) return Done(error);
            if (!dir.Directory!.TryGet(name, out var entry)) return Done(Errno.ENOENT);
            if (entry.Node.IsDirectory) return Done(Errno.EISDIR);
            dir.Directory.Remove(name);
            Unlinked(entry.Node);
            dir.Touch(modified: true);
            return Done();
        }
    }

    public ValueTask<int> RemoveDirectory(FuseContext ctx, ulong parent, FuseName name)
    {
        Calls.Record(Op.RemoveDirectory);
        lock (_gate)
        {
            var dir = DirectoryNode(parent, out int error);
            if (dir is null) return Done(error);
            if (!dir.Directory!.TryGet(name, out var entry)) return Done(Errno.ENOENT);
            if (!entry.Node.IsDirectory) return Done(Errno.ENOTDIR);
            if (entry.Node.Directory!.Count > 0) return Done(Errno.ENOTEMPTY);
            dir.Directory.Remove(name);
            RemovedDirectory(dir, entry.Node);
            return Done();
        }
    }

    public ValueTask<int> Rename(FuseContext ctx, ulong parent, FuseName name, ulong newParent, FuseName newName, FuseRenameFlags flags)
    {
        Calls.Record(flags == FuseRenameFlags.None ? Op.Rename : Op.Rename2);
        lock (_gate) return Done(RenameLocked(parent, name, newParent, newName, flags));
    }

    private int RenameLocked(ulong parent, FuseName name, ulong newParent, FuseName newName, FuseRenameFlags flags)
    {
        if ((flags & ~(FuseRenameFlags.NoReplace | FuseRenameFlags.Exchange)) != 0) return Errno.EINVAL;
        if (flags == (FuseRenameFlags.NoReplace | FuseRenameFlags.Exchange)) return Errno.EINVAL;
        var from = DirectoryNode(parent, out int error);
        var to = from is null ? null : DirectoryNode(newParent, out error);
        if (from is null || to is null) return error;
        if (newName.Length > NameMax) return Errno.ENAMETOOLONG;
        if (!from.Directory!.TryGet(name, out var source)) return Errno.ENOENT;
        to.Directory!.TryGet(newName, out var target);
        var moving = source.Node;
        if (moving.IsDirectory && IsAncestorOrSelf(moving, to)) return Errno.EINVAL;

        if (flags.HasFlag(FuseRenameFlags.Exchange))
        {
            if (target is null) return Errno.ENOENT;
            var other = target.Node;
            if (other.IsDirectory && IsAncestorOrSelf(other, from)) return Errno.EINVAL;
            from.Directory.Replace(name, other);
            to.Directory.Replace(newName, moving);
            Reparent(moving, from, to);
            Reparent(other, to, from);
            moving.Touch(false); other.Touch(false); from.Touch(true); to.Touch(true);
            return 0;
        }

        if (target is not null)
        {
            if (target.Node == moving) return 0; // two names of one inode: rename(2) does nothing
            if (flags.HasFlag(FuseRenameFlags.NoReplace)) return Errno.EEXIST;
            if (moving.IsDirectory && !target.Node.IsDirectory) return Errno.ENOTDIR;
            if (!moving.IsDirectory && target.Node.IsDirectory) return Errno.EISDIR;
            if (target.Node.IsDirectory && target.Node.Directory!.Count > 0) return Errno.ENOTEMPTY;
            to.Directory.Remove(newName);
            if (target.Node.IsDirectory) RemovedDirectory(to, target.Node);
            else Unlinked(target.Node);
        }
        from.Directory.Remove(name);
        to.Directory.Add(newName, moving);
        Reparent(moving, from, to);
        moving.Touch(false); from.Touch(true); to.Touch(true);
        return 0;
    }

    private ValueTask<FuseResult<FuseEntry>> AddEntry(FuseContext ctx, ulong parent, FuseName name, uint mode, Action<MemoryNode>? init)
    {
        lock (_gate)
        {
            var result = AddEntryLocked(ctx, parent, name, mode, init);
            return ValueTask.FromResult(result);
        }
    }

    private FuseResult<FuseEntry> AddEntryLocked(FuseContext ctx, ulong parent, FuseName name, uint mode, Action<MemoryNode>? init)
    {
        var dir = DirectoryNode(parent, out int error);
        if (dir is null) return FuseResult<FuseEntry>.Fail(error);
        if (name.Length > NameMax) return FuseResult<FuseEntry>.Fail(Errno.ENAMETOOLONG);
        if (name.IsDot || name.IsDotDot || dir.Directory!.TryGet(name, out _)) return FuseResult<FuseEntry>.Fail(Errno.EEXIST);
        var node = NewNode(mode, ctx);
        // The new entry inherits the directory's group when the directory is set-group-id.
        if ((dir.Mode & FileMode.SetGid) != 0) { node.Gid = dir.Gid; if (node.IsDirectory) node.Mode |= FileMode.SetGid; }
        init?.Invoke(node);
        if (node.IsDirectory)
        {
            node.Links = 2;
            node.Parent = dir;
            dir.Links++;
        }
        else node.Links = 1;
        dir.Directory!.Add(name, node);
        dir.Touch(modified: true);
        return EntryFor(node);
    }

    private void Unlinked(MemoryNode node)
    {
        node.Links--;
        node.Touch(modified: false);
        DropIfUnused(node);
    }

    private void RemovedDirectory(MemoryNode parent, MemoryNode dir)
    {
        dir.Links = 0;
        parent.Links--;
        parent.Touch(modified: true);
        DropIfUnused(dir);
    }

    private static void Reparent(MemoryNode node, MemoryNode from, MemoryNode to)
    {
        if (!node.IsDirectory || from == to) return;
        node.Parent = to;
        from.Links--;
        to.Links++;
    }

    private static bool IsAncestorOrSelf(MemoryNode ancestor, MemoryNode node)
    {
        for (var n = node; ; n = n.Parent!)
        {
            if (n == ancestor) return true;
            if (n.Id == RootId) return false;
        }
    }

    private uint ApplyUmask(uint mode, uint umask) => _settings.DontMask ? mode & ~umask : mode;
}
