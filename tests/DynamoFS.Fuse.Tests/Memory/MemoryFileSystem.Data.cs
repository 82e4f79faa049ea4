namespace DynamoFS.Fuse.Tests.Memory;

// Contents: open handles, reads and writes, space allocation, SEEK_DATA/SEEK_HOLE, copies.
public sealed partial class MemoryFileSystem
{
    private const int OTrunc = 0x200;      // O_TRUNC
    private const int FallocKeepSize = 1;  // FALLOC_FL_KEEP_SIZE
    private const int SeekData = 3, SeekHole = 4;

    public ValueTask<FuseResult<FuseOpenReply>> Open(FuseContext ctx, ulong nodeId, int flags, bool killSuidGid)
    {
        Calls.Record(Op.Open);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Fail<FuseOpenReply>(Errno.ENOENT);
            if (node.IsDirectory) return Fail<FuseOpenReply>(Errno.EISDIR);
            if ((flags & OTrunc) != 0 && node.Data is { } data)
            {
                data.SetSize(0);
                node.Touch(modified: true);
            }
            if (killSuidGid) node.Mode &= ~(FileMode.SetUid | FileMode.SetGid);
            node.OpenHandles++;
            return Ok(new FuseOpenReply(_nextHandle++));
        }
    }

    public ValueTask<FuseResult<int>> Read(FuseContext ctx, ulong nodeId, ulong handle, long offset, Memory<byte> destination, ulong? lockOwner)
    {
        Calls.Record(Op.Read);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Fail<int>(Errno.ENOENT);
            if (node.Data is null) return Fail<int>(Errno.EINVAL);
            return Ok(node.Data.Read(offset, destination.Span));
        }
    }

    public ValueTask<FuseResult<int>> Write(FuseContext ctx, ulong nodeId, ulong handle, long offset, ReadOnlyMemory<byte> data, bool killSuidGid, ulong? lockOwner)
    {
        Calls.Record(Op.Write);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Fail<int>(Errno.ENOENT);
            if (node.Data is null) return Fail<int>(Errno.EINVAL);
            node.Data.Write(offset, data.Span);
            if (killSuidGid) node.Mode &= ~(FileMode.SetUid | ((node.Mode & 0x8) != 0 ? FileMode.SetGid : 0));
            node.Touch(modified: true);
            return Ok(data.Length);
        }
    }

    public ValueTask<int> Flush(FuseContext ctx, ulong nodeId, ulong handle, ulong lockOwner)
    {
        Calls.Record(Op.Flush);
        lock (_gate)
        {
            // close(2) drops the closing process's fcntl locks on the file: the kernel leaves that to us.
            if (_locks.TryGetValue(nodeId, out var table)) table.RemoveAll(flock: false, held => held.Owner == lockOwner);
            return Done();
        }
    }

    public ValueTask<int> Release(FuseContext ctx, ulong nodeId, ulong handle, int flags, bool releaseFlock, ulong lockOwner)
    {
        Calls.Record(Op.Release);
        lock (_gate)
        {
            if (_locks.TryGetValue(nodeId, out var table))
            {
                if (releaseFlock) table.RemoveAll(flock: true, held => held.Owner == lockOwner);
                // OFD locks belong to the open file description and nothing else would drop them.
                table.RemoveAll(flock: false, held => held.Handle == handle);
                if (table.IsEmpty) _locks.Remove(nodeId);
            }
            if (_nodes.TryGetValue(nodeId, out var node))
            {
                node.OpenHandles--;
                DropIfUnused(node);
            }
            return Done();
        }
    }

    public ValueTask<int> Fsync(FuseContext ctx, ulong nodeId, ulong handle, bool dataOnly)
    {
        Calls.Record(Op.Fsync);
        return Done();
    }

    public ValueTask<int> Fallocate(FuseContext ctx, ulong nodeId, ulong handle, long offset, long length, int mode)
    {
        Calls.Record(Op.Fallocate);
        if ((mode & ~FallocKeepSize) != 0) return Done(Errno.EOPNOTSUPP);
        if (offset < 0 || length <= 0) return Done(Errno.EINVAL);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Done(Errno.ENOENT);
            if (node.Data is null) return Done(Errno.ENODEV);
            node.Data.Allocate(offset, length, keepSize: mode == FallocKeepSize);
            node.Touch(modified: mode == 0);
            return Done();
        }
    }

    public ValueTask<FuseResult<long>> Lseek(FuseContext ctx, ulong nodeId, ulong handle, long offset, int whence)
    {
        Calls.Record(Op.Lseek);
        if (whence is not (SeekData or SeekHole)) return Fail<long>(Errno.EINVAL);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Fail<long>(Errno.ENOENT);
            if (node.Data is null) return Fail<long>(Errno.EINVAL);
            long found = whence == SeekData ? node.Data.SeekData(offset) : node.Data.SeekHole(offset);
            return found < 0 ? Fail<long>(Errno.ENXIO) : Ok(found);
        }
    }

    public ValueTask<FuseResult<long>> CopyFileRange(FuseContext ctx, ulong nodeIn, ulong handleIn, long offsetIn,
        ulong nodeOut, ulong handleOut, long offsetOut, long length, ulong flags)
    {
        Calls.Record(Op.CopyFileRange);
        if (flags != 0) return Fail<long>(Errno.EINVAL);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeIn, out var source) || !_nodes.TryGetValue(nodeOut, out var target)) return Fail<long>(Errno.ENOENT);
            if (source.Data is null || target.Data is null) return Fail<long>(Errno.EINVAL);
            // One bounded chunk per call, as a real file system may do; copy_file_range(2) callers loop.
            var buffer = new byte[(int)Math.Min(length, 16 << 20)];
            int count = source.Data.Read(offsetIn, buffer);
            target.Data.Write(offsetOut, buffer.AsSpan(0, count));
            if (count > 0) target.Touch(modified: true);
            return Ok((long)count);
        }
    }
}
