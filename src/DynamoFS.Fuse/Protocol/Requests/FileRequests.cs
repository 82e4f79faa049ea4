using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Protocol.Requests;

/// <summary>OPEN and OPENDIR: fuse_open_in.</summary>
internal readonly record struct OpenRequest(int Flags, bool KillSuidGid)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out OpenRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseOpenIn arg)) return false;
        request = new OpenRequest((int)arg.Flags, (arg.OpenFlags & AbiConstants.OpenKillSuidGid) != 0);
        return true;
    }
}

/// <summary>READ, READDIR, READDIRPLUS: fuse_read_in. Size is checked against the negotiated maximum.</summary>
internal readonly record struct ReadRequest(ulong Handle, ulong Offset, int Size, ulong? LockOwner, int Flags)
{
    public static bool TryParse(ReadOnlySpan<byte> body, int maxSize, out ReadRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseReadIn arg)) return false;
        if (arg.ReadSize > (uint)maxSize) return false;
        ulong? owner = (arg.ReadFlags & AbiConstants.ReadLockOwner) != 0 ? arg.LockOwner : null;
        request = new ReadRequest(arg.Fh, arg.Offset, (int)arg.ReadSize, owner, (int)arg.Flags);
        return true;
    }
}

/// <summary>
/// WRITE: fuse_write_in + data. <see cref="DataOffset"/> is where the data starts in the body,
/// so the session can hand the file system a slice of the request buffer without copying.
/// </summary>
internal readonly record struct WriteRequest(ulong Handle, ulong Offset, int Size, int DataOffset, bool KillSuidGid, ulong? LockOwner)
{
    public static bool TryParse(ReadOnlySpan<byte> body, int maxSize, out WriteRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseWriteIn arg)) return false;
        // The size must match the data actually present: a size that lies is refused, not trusted.
        if (arg.WriteSize > (uint)maxSize || !r.TryReadBytes((int)arg.WriteSize, out _)) return false;
        if (arg.Offset > long.MaxValue) return false;
        ulong? owner = (arg.WriteFlags & AbiConstants.WriteLockOwner) != 0 ? arg.LockOwner : null;
        request = new WriteRequest(arg.Fh, arg.Offset, (int)arg.WriteSize, FuseWriteIn.Size,
            (arg.WriteFlags & AbiConstants.WriteKillSuidGid) != 0, owner);
        return true;
    }
}

/// <summary>RELEASE and RELEASEDIR: fuse_release_in.</summary>
internal readonly record struct ReleaseRequest(ulong Handle, int Flags, bool ReleaseFlock, ulong LockOwner)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out ReleaseRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseReleaseIn arg)) return false;
        request = new ReleaseRequest(arg.Fh, (int)arg.Flags, (arg.ReleaseFlags & AbiConstants.ReleaseFlockUnlock) != 0, arg.LockOwner);
        return true;
    }
}

/// <summary>FLUSH: fuse_flush_in.</summary>
internal readonly record struct FlushRequest(ulong Handle, ulong LockOwner)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out FlushRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseFlushIn arg)) return false;
        request = new FlushRequest(arg.Fh, arg.LockOwner);
        return true;
    }
}

/// <summary>FSYNC and FSYNCDIR: fuse_fsync_in.</summary>
internal readonly record struct FsyncRequest(ulong Handle, bool DataOnly)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out FsyncRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseFsyncIn arg)) return false;
        request = new FsyncRequest(arg.Fh, (arg.FsyncFlags & AbiConstants.FsyncFdatasync) != 0);
        return true;
    }
}

/// <summary>ACCESS: fuse_access_in.</summary>
internal readonly record struct AccessRequest(int Mask)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out AccessRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseAccessIn arg)) return false;
        request = new AccessRequest((int)arg.Mask);
        return true;
    }
}

/// <summary>FALLOCATE: fuse_fallocate_in.</summary>
internal readonly record struct FallocateRequest(ulong Handle, long Offset, long Length, int Mode)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out FallocateRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseFallocateIn arg)) return false;
        if (arg.Offset > long.MaxValue || arg.Length > long.MaxValue) return false;
        request = new FallocateRequest(arg.Fh, (long)arg.Offset, (long)arg.Length, (int)arg.Mode);
        return true;
    }
}

/// <summary>LSEEK: fuse_lseek_in.</summary>
internal readonly record struct LseekRequest(ulong Handle, long Offset, int Whence)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out LseekRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseLseekIn arg)) return false;
        request = new LseekRequest(arg.Fh, (long)arg.Offset, (int)arg.Whence);
        return true;
    }
}

/// <summary>COPY_FILE_RANGE: fuse_copy_file_range_in (the header's nodeid is the source).</summary>
internal readonly record struct CopyFileRangeRequest(ulong HandleIn, long OffsetIn, ulong NodeOut, ulong HandleOut, long OffsetOut, long Length, ulong Flags)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out CopyFileRangeRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseCopyFileRangeIn a)) return false;
        if (a.OffIn > long.MaxValue || a.OffOut > long.MaxValue || a.NodeIdOut == 0) return false;
        // The reply is a u32 size, so no single request can copy more than that.
        long len = (long)Math.Min(a.Len, uint.MaxValue);
        request = new CopyFileRangeRequest(a.FhIn, (long)a.OffIn, a.NodeIdOut, a.FhOut, (long)a.OffOut, len, a.Flags);
        return true;
    }
}
