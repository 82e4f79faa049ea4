using System.Buffers;
using DynamoFS.Fuse.Abi;
using DynamoFS.Fuse.Protocol;
using DynamoFS.Fuse.Protocol.Requests;

namespace DynamoFS.Fuse.Session;

// One switch from opcode to file-system call: parse (EINVAL on malformed input), call, encode.
// Every path answers exactly once; ProcessAsync answers EIO if one ever does not.
internal sealed partial class FuseSession
{
    private async ValueTask DispatchAsync(FuseRequest req, FuseContext ctx)
    {
        ulong node = req.NodeId;
        switch (req.Opcode)
        {
            case FuseOpcode.Lookup:
            {
                if (!NameRequest.TryParse(req.Body, out var a)) { Malformed(req, "LOOKUP name"); return; }
                ReplyEntryResult(req, await _fs.Lookup(ctx, node, a.Name).ConfigureAwait(false), NewEntry.LookupOnly);
                return;
            }
            case FuseOpcode.GetAttr:
            {
                if (!GetAttrRequest.TryParse(req.Body, out var a)) { Malformed(req, "short GETATTR"); return; }
                ReplyAttrResult(req, await _fs.GetAttr(ctx, node, a.Handle).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.SetAttr:
            {
                if (!SetAttrRequest.TryParse(req.Body, out var a)) { Malformed(req, "bad SETATTR"); return; }
                ReplyAttrResult(req, await _fs.SetAttr(ctx, node, a).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.ReadLink:
            {
                var r = await _fs.ReadLink(ctx, node).ConfigureAwait(false);
                if (!r.IsSuccess) { ReplyFailure(req, r.Error); return; }
                // The kernel reads the target into one page; longer (or empty) targets are FS bugs.
                if (r.Value is not { Length: > 0 } target || target.Length >= _pageSize) { ReplyError(req, Errno.EIO); return; }
                ReplyData(req, target);
                return;
            }
            case FuseOpcode.Symlink:
            {
                if (!SymlinkRequest.TryParse(req.Body, out var a)) { Malformed(req, "SYMLINK names"); return; }
                ReplyEntryResult(req, await _fs.Symlink(ctx, node, a.Name, a.Target).ConfigureAwait(false), FileMode.Symlink);
                return;
            }
            case FuseOpcode.MkNod:
            {
                if (!MknodRequest.TryParse(req.Body, out var a)) { Malformed(req, "bad MKNOD"); return; }
                ReplyEntryResult(req, await _fs.MakeNode(ctx, node, a.Name, a.Mode, a.Rdev, a.Umask).ConfigureAwait(false), a.Mode & FileMode.TypeMask);
                return;
            }
            case FuseOpcode.MkDir:
            {
                if (!MkdirRequest.TryParse(req.Body, out var a)) { Malformed(req, "bad MKDIR"); return; }
                ReplyEntryResult(req, await _fs.MakeDirectory(ctx, node, a.Name, a.Mode, a.Umask).ConfigureAwait(false), FileMode.Directory);
                return;
            }
            case FuseOpcode.Unlink:
            {
                if (!NameRequest.TryParse(req.Body, out var a)) { Malformed(req, "UNLINK name"); return; }
                ReplyStatus(req, await _fs.Unlink(ctx, node, a.Name).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.RmDir:
            {
                if (!NameRequest.TryParse(req.Body, out var a)) { Malformed(req, "RMDIR name"); return; }
                ReplyStatus(req, await _fs.RemoveDirectory(ctx, node, a.Name).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.Rename:
            case FuseOpcode.Rename2:
            {
                if (!RenameRequest.TryParse(req.Body, req.Opcode == FuseOpcode.Rename2, out var a)) { Malformed(req, "bad RENAME"); return; }
                ReplyStatus(req, await _fs.Rename(ctx, node, a.OldName, a.NewDir, a.NewName, a.Flags).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.Link:
            {
                if (!LinkRequest.TryParse(req.Body, out var a)) { Malformed(req, "bad LINK"); return; }
                ReplyEntryResult(req, await _fs.Link(ctx, a.OldNodeId, node, a.NewName).ConfigureAwait(false), NewEntry.AnyType);
                return;
            }
            case FuseOpcode.Open:
            {
                if (!OpenRequest.TryParse(req.Body, out var a)) { Malformed(req, "short OPEN"); return; }
                var r = await _fs.Open(ctx, node, a.Flags, a.KillSuidGid).ConfigureAwait(false);
                if (r.IsSuccess) ReplyStruct(req, ReplyEncoder.ToOpenOut(r.Value)); else ReplyFailure(req, r.Error);
                return;
            }
            case FuseOpcode.OpenDir:
            {
                if (!OpenRequest.TryParse(req.Body, out var a)) { Malformed(req, "short OPENDIR"); return; }
                var r = await _fs.OpenDir(ctx, node, a.Flags).ConfigureAwait(false);
                if (r.IsSuccess) ReplyStruct(req, ReplyEncoder.ToOpenOut(r.Value)); else ReplyFailure(req, r.Error);
                return;
            }
            case FuseOpcode.Read:
                await ReadAsync(req, ctx).ConfigureAwait(false);
                return;
            case FuseOpcode.Write:
            {
                if (!WriteRequest.TryParse(req.Body, (int)_init!.MaxWrite, out var a)) { Malformed(req, "WRITE size does not match the data"); return; }
                var data = req.BodyMemory(a.DataOffset, a.Size);
                var r = await _fs.Write(ctx, node, a.Handle, (long)a.Offset, data, a.KillSuidGid, a.LockOwner).ConfigureAwait(false);
                if (!r.IsSuccess) ReplyFailure(req, r.Error);
                else if (r.Value < 0 || r.Value > a.Size) ReplyError(req, Errno.EIO);
                else ReplyStruct(req, new FuseWriteOut { WriteSize = (uint)r.Value });
                return;
            }
            case FuseOpcode.StatFs:
            {
                var r = await _fs.StatFs(ctx, node).ConfigureAwait(false);
                if (!r.IsSuccess) { ReplyFailure(req, r.Error); return; }
                Span<byte> buffer = stackalloc byte[FuseOutHeader.Size + FuseStatfsOut.Size];
                Send(req, buffer[..ReplyEncoder.Statfs(buffer, req.Unique, r.Value)]);
                return;
            }
            case FuseOpcode.Release:
            {
                if (!ReleaseRequest.TryParse(req.Body, out var a)) { Malformed(req, "short RELEASE"); return; }
                ReplyStatus(req, await _fs.Release(ctx, node, a.Handle, a.Flags, a.ReleaseFlock, a.LockOwner).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.ReleaseDir:
            {
                if (!ReleaseRequest.TryParse(req.Body, out var a)) { Malformed(req, "short RELEASEDIR"); return; }
                ReplyStatus(req, await _fs.ReleaseDir(ctx, node, a.Handle).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.Fsync:
            {
                if (!FsyncRequest.TryParse(req.Body, out var a)) { Malformed(req, "short FSYNC"); return; }
                ReplyStatus(req, await _fs.Fsync(ctx, node, a.Handle, a.DataOnly).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.FsyncDir:
            {
                if (!FsyncRequest.TryParse(req.Body, out var a)) { Malformed(req, "short FSYNCDIR"); return; }
                ReplyStatus(req, await _fs.FsyncDir(ctx, node, a.Handle, a.DataOnly).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.Flush:
            {
                if (!FlushRequest.TryParse(req.Body, out var a)) { Malformed(req, "short FLUSH"); return; }
                ReplyStatus(req, await _fs.Flush(ctx, node, a.Handle, a.LockOwner).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.SetXattr:
            {
                bool extended = _init!.Has(FuseInitFlags.SetxattrExt);
                if (!SetXattrRequest.TryParse(req.Body, extended, out var a)) { Malformed(req, "bad SETXATTR"); return; }
                var value = req.BodyMemory(a.ValueOffset, a.ValueSize);
                ReplyStatus(req, await _fs.SetXattr(ctx, node, a.Name, value, a.Flags).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.GetXattr:
            {
                if (!GetXattrRequest.TryParse(req.Body, out var a)) { Malformed(req, "bad GETXATTR"); return; }
                ReplySizedData(req, await _fs.GetXattr(ctx, node, a.Name).ConfigureAwait(false), a.Size);
                return;
            }
            case FuseOpcode.ListXattr:
            {
                if (!ListXattrRequest.TryParse(req.Body, out var a)) { Malformed(req, "bad LISTXATTR"); return; }
                ReplySizedData(req, await _fs.ListXattr(ctx, node).ConfigureAwait(false), a.Size);
                return;
            }
            case FuseOpcode.RemoveXattr:
            {
                if (!NameRequest.TryParse(req.Body, out var a)) { Malformed(req, "REMOVEXATTR name"); return; }
                ReplyStatus(req, await _fs.RemoveXattr(ctx, node, a.Name).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.ReadDir:
            case FuseOpcode.ReadDirPlus:
                await ReadDirAsync(req, ctx).ConfigureAwait(false);
                return;
            case FuseOpcode.GetLk:
            {
                if (!LockRequestParser.TryParse(req.Body, out var a)) { Malformed(req, "bad GETLK"); return; }
                var r = await _fs.GetLock(ctx, node, a).ConfigureAwait(false);
                if (!r.IsSuccess) { ReplyFailure(req, r.Error); return; }
                var conflict = r.Value; // type Unlock when nothing conflicts
                ReplyStruct(req, new FuseLkOut { Lk = new FuseFileLock { Start = conflict.Start, End = conflict.End, Type = (uint)conflict.Type, Pid = conflict.Pid } });
                return;
            }
            case FuseOpcode.SetLk:
            case FuseOpcode.SetLkW:
            {
                if (!LockRequestParser.TryParse(req.Body, out var a)) { Malformed(req, "bad SETLK"); return; }
                ReplyStatus(req, await _fs.SetLock(ctx, node, a, req.Opcode == FuseOpcode.SetLkW).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.Access:
            {
                if (!AccessRequest.TryParse(req.Body, out var a)) { Malformed(req, "short ACCESS"); return; }
                ReplyStatus(req, await _fs.Access(ctx, node, a.Mask).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.Create:
            {
                if (!CreateRequest.TryParse(req.Body, out var a)) { Malformed(req, "bad CREATE"); return; }
                var r = await _fs.Create(ctx, node, a.Name, a.Mode, a.Umask, (int)a.Flags).ConfigureAwait(false);
                if (!r.IsSuccess) ReplyFailure(req, r.Error);
                else if (!NewEntry.IsValid(r.Value.Entry, FileMode.Regular)) InvalidEntry(req, r.Value.Entry);
                else ReplyCreate(req, r.Value);
                return;
            }
            case FuseOpcode.Fallocate:
            {
                if (!FallocateRequest.TryParse(req.Body, out var a)) { Malformed(req, "bad FALLOCATE"); return; }
                ReplyStatus(req, await _fs.Fallocate(ctx, node, a.Handle, a.Offset, a.Length, a.Mode).ConfigureAwait(false));
                return;
            }
            case FuseOpcode.Lseek:
            {
                if (!LseekRequest.TryParse(req.Body, out var a)) { Malformed(req, "short LSEEK"); return; }
                var r = await _fs.Lseek(ctx, node, a.Handle, a.Offset, a.Whence).ConfigureAwait(false);
                if (!r.IsSuccess) ReplyFailure(req, r.Error);
                else if (r.Value < 0) ReplyError(req, Errno.EIO);
                else ReplyStruct(req, new FuseLseekOut { Offset = (ulong)r.Value });
                return;
            }
            case FuseOpcode.CopyFileRange:
            {
                if (!CopyFileRangeRequest.TryParse(req.Body, out var a)) { Malformed(req, "bad COPY_FILE_RANGE"); return; }
                var r = await _fs.CopyFileRange(ctx, node, a.HandleIn, a.OffsetIn, a.NodeOut, a.HandleOut, a.OffsetOut, a.Length, a.Flags).ConfigureAwait(false);
                if (!r.IsSuccess) ReplyFailure(req, r.Error);
                else if (r.Value < 0 || r.Value > a.Length) ReplyError(req, Errno.EIO);
                else ReplyStruct(req, new FuseWriteOut { WriteSize = (uint)r.Value });
                return;
            }
            default:
                ReplyError(req, Errno.ENOSYS);
                return;
        }
    }

    private void Malformed(FuseRequest req, string reason)
    {
        _malformed.Report(req.Header.Opcode, req.Unique, reason);
        ReplyError(req, Errno.EINVAL);
    }

    /// <param name="expectedType">The S_IFMT the new node must have, <see cref="NewEntry.AnyType"/>, or <see cref="NewEntry.LookupOnly"/>.</param>
    private void ReplyEntryResult(FuseRequest req, FuseResult<FuseEntry> r, uint expectedType)
    {
        if (!r.IsSuccess) ReplyFailure(req, r.Error);
        else if (expectedType != NewEntry.LookupOnly && !NewEntry.IsValid(r.Value, expectedType)) InvalidEntry(req, r.Value);
        else ReplyEntry(req, r.Value);
    }

    private void InvalidEntry(FuseRequest req, in FuseEntry entry)
    {
        _logger.InvalidEntry(req.Header.Opcode, req.Unique, entry.NodeId, entry.Attributes.Mode);
        ReplyError(req, Errno.EIO);
    }

    private void ReplyAttrResult(FuseRequest req, FuseResult<FuseAttributeReply> r)
    {
        if (!r.IsSuccess) { ReplyFailure(req, r.Error); return; }
        Span<byte> buffer = stackalloc byte[FuseOutHeader.Size + FuseAttrOut.Size];
        Send(req, buffer[..ReplyEncoder.Attr(buffer, req.Unique, r.Value)]);
    }

    /// <summary>GETXATTR/LISTXATTR: size 0 asks for the length; a value longer than size is ERANGE.</summary>
    private void ReplySizedData(FuseRequest req, FuseResult<byte[]> r, int size)
    {
        if (!r.IsSuccess) { ReplyFailure(req, r.Error); return; }
        byte[] value = r.Value ?? [];
        if (size == 0) ReplyStruct(req, new FuseGetXattrOut { ValueSize = (uint)value.Length });
        else if (value.Length > size) ReplyError(req, Errno.ERANGE);
        else ReplyData(req, value);
    }

    private async ValueTask ReadAsync(FuseRequest req, FuseContext ctx)
    {
        if (!ReadRequest.TryParse(req.Body, _maxReadSize, out var a) || a.Offset > long.MaxValue) { Malformed(req, "bad READ"); return; }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(FuseOutHeader.Size + a.Size);
        try
        {
            var r = await _fs.Read(ctx, req.NodeId, a.Handle, (long)a.Offset, buffer.AsMemory(FuseOutHeader.Size, a.Size), a.LockOwner).ConfigureAwait(false);
            if (!r.IsSuccess) ReplyFailure(req, r.Error);
            else if (r.Value < 0 || r.Value > a.Size) ReplyError(req, Errno.EIO);
            else Send(req, buffer.AsSpan(0, ReplyEncoder.DataInPlace(buffer, req.Unique, r.Value)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask ReadDirAsync(FuseRequest req, FuseContext ctx)
    {
        if (!ReadRequest.TryParse(req.Body, _maxReadSize, out var a)) { Malformed(req, "bad READDIR"); return; }
        bool plus = req.Opcode == FuseOpcode.ReadDirPlus;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(FuseOutHeader.Size + a.Size);
        try
        {
            var listing = new DirectoryListingBuffer(buffer.AsMemory(FuseOutHeader.Size, a.Size), plus);
            int errno = await _fs.ReadDir(ctx, req.NodeId, a.Handle, a.Offset, listing).ConfigureAwait(false);
            if (errno != 0) { ReplyFailure(req, errno); return; }
            int n = ReplyEncoder.DataInPlace(buffer, req.Unique, listing.Length);
            SendListing(req, buffer.AsSpan(0, n), listing.Lookups);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
