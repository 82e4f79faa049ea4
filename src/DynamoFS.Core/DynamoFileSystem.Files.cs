using DynamoFS.Core.Storage;
using DynamoFS.Fuse;

namespace DynamoFS.Core;

// Open files: open, read, write, flush, release, fsync, fallocate, lseek, copy_file_range.
public sealed partial class DynamoFileSystem
{
    /// <summary>Largest file offset we accept (the kernel's MAX_LFS_FILESIZE).</summary>
    private const long MaxFileSize = long.MaxValue;

    public ValueTask<FuseResult<FuseOpenReply>> Open(FuseContext ctx, ulong nodeId, int flags, bool killSuidGid) =>
        Run("open", ctx, () => OpenCoreAsync(ctx, nodeId, flags, killSuidGid));

    /// <summary>
    /// Open re-reads the inode (close-to-open consistency: another client may have changed the
    /// file since we last looked). If size or mtime changed, cached blocks are dropped and the
    /// kernel is not told to keep its page cache.
    /// </summary>
    private async ValueTask<FuseResult<FuseOpenReply>> OpenCoreAsync(FuseContext ctx, ulong nodeId, int flags, bool killSuidGid)
    {
        var node = await GetNodeAsync(nodeId, ctx.Cancellation, fresh: true).ConfigureAwait(false);
        if (node is null) return Fail<FuseOpenReply>(Errno.ENOENT);
        var record = node.Effective;
        if (FileMode.IsDirectory(record.Mode)) return Fail<FuseOpenReply>(Errno.EISDIR);
        int access = flags & 3;
        bool truncate = (flags & OpenFlags.Trunc) != 0 && FileMode.IsRegular(record.Mode);
        bool wantsWrite = access != OpenFlags.ReadOnly || truncate;
        if (wantsWrite && _options.ReadOnly) return Fail<FuseOpenReply>(Errno.EROFS);
        int mask = access switch
        {
            OpenFlags.ReadOnly => Permissions.Read,
            OpenFlags.WriteOnly => Permissions.Write,
            _ => Permissions.Read | Permissions.Write,
        };
        if (truncate) mask |= Permissions.Write;
        if (!Permissions.MayAccess(record, Caller.From(ctx), mask)) return Fail<FuseOpenReply>(Errno.EACCES);

        bool changed = true;
        if (FileMode.IsRegular(record.Mode))
        {
            var buffer = BufferOf(node);
            await node.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                changed = buffer.Sync();
                if (truncate)
                {
                    // O_TRUNC (atomic with the open): size 0, new mtime/ctime, privileges dropped for non-root.
                    await buffer.TruncateAsync(0, killSuidGid || ctx.Uid != 0, CancellationToken.None).ConfigureAwait(false);
                    int e = await buffer.FlushAsync(false, null, CancellationToken.None).ConfigureAwait(false);
                    if (e != 0) return Fail<FuseOpenReply>(e);
                    changed = true;
                }
            }
            finally
            {
                node.Gate.Release();
            }
        }
        var handle = _handles.Add(node, flags);
        return new FuseOpenReply(handle.Id, changed ? FuseOpenFlags.None : FuseOpenFlags.KeepCache);
    }

    public ValueTask<FuseResult<int>> Read(FuseContext ctx, ulong nodeId, ulong handle, long offset, Memory<byte> destination, ulong? lockOwner) => Run("read", ctx, async () =>
    {
        var h = _handles.Find(handle);
        if (h is null || h.IsDirectory || !h.CanRead) return Fail<int>(Errno.EBADF);
        if (offset < 0) return Fail<int>(Errno.EINVAL);
        if (!FileMode.IsRegular(h.Node.Record.Mode)) return Fail<int>(Errno.EINVAL);
        int n = await BufferOf(h.Node).ReadAsync(offset, destination, updateAccessTime: !_options.ReadOnly, ctx.Cancellation).ConfigureAwait(false);
        return n;
    });

    public ValueTask<FuseResult<int>> Write(FuseContext ctx, ulong nodeId, ulong handle, long offset, ReadOnlyMemory<byte> data, bool killSuidGid, ulong? lockOwner) => Run("write", ctx, async () =>
    {
        var h = _handles.Find(handle);
        if (h is null || h.IsDirectory || !h.CanWrite) return Fail<int>(Errno.EBADF);
        if (_options.ReadOnly) return Fail<int>(Errno.EROFS);
        if (offset < 0) return Fail<int>(Errno.EINVAL);
        if (offset > MaxFileSize - data.Length) return Fail<int>(Errno.EFBIG);
        var node = h.Node;
        var buffer = BufferOf(node);
        await RelieveMemoryPressureAsync(ctx.Cancellation).ConfigureAwait(false);
        await node.Gate.WaitAsync(ctx.Cancellation).ConfigureAwait(false);
        try
        {
            if (h.Append)
            {
                // Without a write-back cache the kernel sends the end of file as *it* knows it;
                // the size this client knows (including other handles' writes) is the truth.
                buffer.Sync();
                offset = buffer.Size;
            }
            // Writing drops set-user-id (and set-group-id with group-execute) unless root writes.
            await buffer.WriteAsync(offset, data, killSuidGid || ctx.Uid != 0, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            node.Gate.Release();
        }
        return data.Length;
    });

    /// <summary>
    /// Bounded write-back memory: while the dirty budget is full, writers flush dirty blocks
    /// (any file's, without holding their own file's gate) and otherwise wait for flushes elsewhere.
    /// </summary>
    private async ValueTask RelieveMemoryPressureAsync(CancellationToken ct)
    {
        for (int round = 0; _budget.IsOver && round < 1000; round++)
        {
            Node? victim = null;
            foreach (var (id, n) in _dirtyNodes)
            {
                if (n.Buffer is { HasDirtyBlocks: true }) { victim = n; break; }
                _dirtyNodes.TryRemove(id, out _);
            }
            if (victim is null || !await victim.Gate.WaitAsync(0, ct).ConfigureAwait(false))
            {
                await _budget.WaitForReleaseAsync(TimeSpan.FromMilliseconds(50), ct).ConfigureAwait(false);
                continue;
            }
            try
            {
                if (victim.Buffer is { HasDirtyBlocks: true } b)
                    await b.FlushAsync(dataOnly: true, null, CancellationToken.None).ConfigureAwait(false);
                if (victim.Buffer is not { HasDirtyBlocks: true }) _dirtyNodes.TryRemove(victim.Id, out _);
            }
            finally
            {
                victim.Gate.Release();
            }
        }
    }

    /// <summary>Makes a node's buffered changes durable (close, fsync).</summary>
    private async ValueTask<int> FlushNodeAsync(Node node)
    {
        if (node.Buffer is not { } buffer) return 0;
        await node.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            int e = await buffer.FlushAsync(false, null, CancellationToken.None).ConfigureAwait(false);
            if (!buffer.HasDirtyBlocks) _dirtyNodes.TryRemove(node.Id, out _);
            return e;
        }
        finally
        {
            node.Gate.Release();
        }
    }

    public ValueTask<int> Flush(FuseContext ctx, ulong nodeId, ulong handle, ulong lockOwner) => RunStatus("flush", ctx, async () =>
    {
        // close(2) of any descriptor drops every fcntl lock its process holds on the file.
        await _locks.ReleasePosixAsync(nodeId, lockOwner).ConfigureAwait(false);
        var h = _handles.Find(handle);
        if (h is null) return Errno.EBADF;
        return await FlushNodeAsync(h.Node).ConfigureAwait(false);
    });

    public ValueTask<int> Release(FuseContext ctx, ulong nodeId, ulong handle, int flags, bool releaseFlock, ulong lockOwner) => RunStatus("release", ctx, async () =>
    {
        var (h, remaining) = _handles.Remove(handle);
        if (releaseFlock) await _locks.ReleaseFlockAsync(nodeId, lockOwner).ConfigureAwait(false);
        if (h is null) return Errno.EBADF;
        var node = h.Node;
        int e = await FlushNodeAsync(node).ConfigureAwait(false);
        if (remaining == 0)
        {
            if (node.Record.Links == 0) await DeleteUnlinkedAsync(node).ConfigureAwait(false);
            _nodes.TryEvict(node);
        }
        return e == Errno.ENOENT ? 0 : e;
    });

    /// <summary>The last close of a file whose last name was removed while it was open: delete it now.</summary>
    private async ValueTask DeleteUnlinkedAsync(Node node)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var record = await _meta.GetInodeAsync(node.Id, CancellationToken.None).ConfigureAwait(false);
            if (record is null || record.Links != 0) break; // already gone, or linked again
            if (Volatile.Read(ref node.OpenHandles) > 0) break; // reopened meanwhile (open by handle)
            var status = await _meta.DeleteInodeAsync(record, CancellationToken.None).ConfigureAwait(false);
            if (status == StoreStatus.Conflict) continue;
            break;
        }
        node.Buffer?.Discard();
    }

    public ValueTask<int> Fsync(FuseContext ctx, ulong nodeId, ulong handle, bool dataOnly) => RunStatus("fsync", ctx, async () =>
    {
        var h = _handles.Find(handle);
        var node = h?.Node ?? _nodes.Find(nodeId);
        if (node is null) return Errno.EBADF;
        return await FlushNodeAsync(node).ConfigureAwait(false);
    });

    public ValueTask<int> Fallocate(FuseContext ctx, ulong nodeId, ulong handle, long offset, long length, int mode) => RunStatus("fallocate", ctx, async () =>
    {
        const int keepSize = 1;
        var h = _handles.Find(handle);
        if (h is null || h.IsDirectory || !h.CanWrite) return Errno.EBADF;
        if (_options.ReadOnly) return Errno.EROFS;
        if (offset < 0 || length <= 0) return Errno.EINVAL;
        if ((mode & ~keepSize) != 0) return Errno.EOPNOTSUPP;
        if (offset > MaxFileSize - length) return Errno.EFBIG;
        if (!FileMode.IsRegular(h.Node.Record.Mode)) return Errno.ENODEV;
        var node = h.Node;
        var buffer = BufferOf(node);
        await node.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            buffer.Sync();
            long end = offset + length;
            // DynamoDB needs no reservation (a block is written when data arrives), but callers
            // check st_blocks to see that space was allocated: account the range as allocated.
            ulong allocatedCap = (ulong)Math.Max(end, buffer.Size);
            InodeRecord Allocate(InodeRecord r) => r with { StoredBytes = Math.Min(allocatedCap, r.StoredBytes + (ulong)length) };
            if ((mode & keepSize) == 0 && end > buffer.Size)
                await buffer.TruncateAsync(end, false, CancellationToken.None).ConfigureAwait(false);
            int e = await buffer.FlushAsync(false, Allocate, CancellationToken.None).ConfigureAwait(false);
            if (!buffer.HasDirtyBlocks) _dirtyNodes.TryRemove(node.Id, out _);
            return e;
        }
        finally
        {
            node.Gate.Release();
        }
    });

    public ValueTask<FuseResult<long>> Lseek(FuseContext ctx, ulong nodeId, ulong handle, long offset, int whence) => Run("lseek", ctx, async () =>
    {
        const int seekData = 3, seekHole = 4;
        var h = _handles.Find(handle);
        if (h is null || h.IsDirectory) return Fail<long>(Errno.EBADF);
        if (whence != seekData && whence != seekHole) return Fail<long>(Errno.EINVAL);
        var node = h.Node;
        var buffer = BufferOf(node);
        await node.Gate.WaitAsync(ctx.Cancellation).ConfigureAwait(false);
        try
        {
            return await buffer.SeekAsync(offset, whence, ctx.Cancellation).ConfigureAwait(false);
        }
        finally
        {
            node.Gate.Release();
        }
    });

    public ValueTask<FuseResult<long>> CopyFileRange(FuseContext ctx, ulong nodeIn, ulong handleIn, long offsetIn,
        ulong nodeOut, ulong handleOut, long offsetOut, long length, ulong flags) => Run("copy_file_range", ctx, async () =>
    {
        if (flags != 0) return Fail<long>(Errno.EINVAL);
        var hin = _handles.Find(handleIn);
        var hout = _handles.Find(handleOut);
        if (hin is null || hout is null || !hin.CanRead || !hout.CanWrite || hout.Append) return Fail<long>(Errno.EBADF);
        if (_options.ReadOnly) return Fail<long>(Errno.EROFS);
        if (offsetIn < 0 || offsetOut < 0 || length < 0) return Fail<long>(Errno.EINVAL);
        if (hin.Node.Id == hout.Node.Id && offsetIn < offsetOut + length && offsetOut < offsetIn + length) return Fail<long>(Errno.EINVAL);
        var src = BufferOf(hin.Node);
        var dst = BufferOf(hout.Node);
        long copied = 0;
        var chunk = new byte[(int)Math.Min(Math.Max(length, 1), 1 << 20)];
        while (copied < length)
        {
            int want = (int)Math.Min(chunk.Length, length - copied);
            int n = await src.ReadAsync(offsetIn + copied, chunk.AsMemory(0, want), updateAccessTime: true, ctx.Cancellation).ConfigureAwait(false);
            if (n == 0) break;
            await RelieveMemoryPressureAsync(ctx.Cancellation).ConfigureAwait(false);
            await hout.Node.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await dst.WriteAsync(offsetOut + copied, chunk.AsMemory(0, n), ctx.Uid != 0, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                hout.Node.Gate.Release();
            }
            copied += n;
        }
        return copied;
    });
}
