namespace DynamoFS.Fuse;

/// <summary>
/// The file system a FUSE session serves: one method per kernel operation. Every method has a
/// default that answers ENOSYS, so an implementation overrides only what it supports. (Mind the
/// kernel's memory: after ENOSYS, FLUSH/FSYNC/ACCESS become silent successes for the whole
/// session, xattrs and FALLOCATE become EOPNOTSUPP, RENAME2 becomes EINVAL.)
///
/// Rules every implementation can rely on:
/// - Methods are called concurrently from several threads, in any order, and may complete
///   asynchronously; a slow or blocking call never stalls other requests.
/// - <see cref="FuseContext.Cancellation"/> fires when the kernel interrupts the request; a
///   method that honours it returns EINTR.
/// - Node ids come from entries the file system returned (1 is the root). The session counts
///   lookups and calls <see cref="Forget"/> once the kernel holds no more references.
/// - Errors are positive errno values (<see cref="Errno"/>); exceptions become EIO and are logged.
/// - Memory passed in (write data) belongs to the request and is valid until the returned task
///   completes.
/// </summary>
public interface IFuseFileSystem
{
    /// <summary>Called once when the kernel starts the session, before any other operation.</summary>
    FuseInitSettings Init(IFuseNotifier notifier) => new();

    /// <summary>The kernel holds no more references to <paramref name="nodeId"/> (lookup count reached 0, or unmount).</summary>
    void Forget(ulong nodeId) { }

    /// <summary>The session ended (unmounted, aborted or stopped). No call follows.</summary>
    void Destroy() { }

    ValueTask<FuseResult<FuseEntry>> Lookup(FuseContext ctx, ulong parent, FuseName name) => Nosys<FuseEntry>();

    /// <param name="handle">The open handle when the caller has one (fstat), else null.</param>
    ValueTask<FuseResult<FuseAttributeReply>> GetAttr(FuseContext ctx, ulong nodeId, ulong? handle) => Nosys<FuseAttributeReply>();

    ValueTask<FuseResult<FuseAttributeReply>> SetAttr(FuseContext ctx, ulong nodeId, FuseSetAttributes attributes) => Nosys<FuseAttributeReply>();

    ValueTask<FuseResult<byte[]>> ReadLink(FuseContext ctx, ulong nodeId) => Nosys<byte[]>();

    ValueTask<FuseResult<FuseEntry>> Symlink(FuseContext ctx, ulong parent, FuseName name, byte[] target) => Nosys<FuseEntry>();

    /// <param name="mode">Type and permission bits; the kernel applied the umask unless DontMask was negotiated.</param>
    ValueTask<FuseResult<FuseEntry>> MakeNode(FuseContext ctx, ulong parent, FuseName name, uint mode, uint rdev, uint umask) => Nosys<FuseEntry>();

    /// <param name="mode">Permission bits only (no S_IFDIR), as the kernel sends them.</param>
    ValueTask<FuseResult<FuseEntry>> MakeDirectory(FuseContext ctx, ulong parent, FuseName name, uint mode, uint umask) => Nosys<FuseEntry>();

    ValueTask<int> Unlink(FuseContext ctx, ulong parent, FuseName name) => Nosys();

    ValueTask<int> RemoveDirectory(FuseContext ctx, ulong parent, FuseName name) => Nosys();

    /// <summary>RENAME and RENAME2 (flags 0 for plain RENAME).</summary>
    ValueTask<int> Rename(FuseContext ctx, ulong parent, FuseName name, ulong newParent, FuseName newName, FuseRenameFlags flags) => Nosys();

    ValueTask<FuseResult<FuseEntry>> Link(FuseContext ctx, ulong nodeId, ulong newParent, FuseName newName) => Nosys<FuseEntry>();

    /// <param name="flags">open(2) flags (O_ACCMODE, O_TRUNC with atomic truncation, O_APPEND, ...).</param>
    /// <param name="killSuidGid">The kernel asks to clear suid/sgid (O_TRUNC by a non-owner, HANDLE_KILLPRIV_V2).</param>
    ValueTask<FuseResult<FuseOpenReply>> Open(FuseContext ctx, ulong nodeId, int flags, bool killSuidGid) => Nosys<FuseOpenReply>();

    /// <summary>Reads into <paramref name="destination"/> (at most its length); returns the bytes read, fewer only at end of file.</summary>
    ValueTask<FuseResult<int>> Read(FuseContext ctx, ulong nodeId, ulong handle, long offset, Memory<byte> destination, ulong? lockOwner) => Nosys<int>();

    /// <returns>The number of bytes written (all of them, unless an error is returned).</returns>
    ValueTask<FuseResult<int>> Write(FuseContext ctx, ulong nodeId, ulong handle, long offset, ReadOnlyMemory<byte> data, bool killSuidGid, ulong? lockOwner) => Nosys<int>();

    ValueTask<FuseResult<FuseStatfs>> StatFs(FuseContext ctx, ulong nodeId) => Nosys<FuseStatfs>();

    /// <summary>Called on every close(2) of a descriptor; drop the POSIX locks of <paramref name="lockOwner"/> here.</summary>
    ValueTask<int> Flush(FuseContext ctx, ulong nodeId, ulong handle, ulong lockOwner) => Nosys();

    /// <param name="releaseFlock">RELEASE_FLOCK_UNLOCK: drop the flock held through this handle.</param>
    ValueTask<int> Release(FuseContext ctx, ulong nodeId, ulong handle, int flags, bool releaseFlock, ulong lockOwner) => Nosys();

    ValueTask<int> Fsync(FuseContext ctx, ulong nodeId, ulong handle, bool dataOnly) => Nosys();

    /// <param name="flags">XATTR_CREATE (1) / XATTR_REPLACE (2).</param>
    ValueTask<int> SetXattr(FuseContext ctx, ulong nodeId, FuseName name, ReadOnlyMemory<byte> value, int flags) => Nosys();

    /// <summary>The whole value; the session handles the size probe and ERANGE.</summary>
    ValueTask<FuseResult<byte[]>> GetXattr(FuseContext ctx, ulong nodeId, FuseName name) => Nosys<byte[]>();

    /// <summary>All names, each followed by a NUL; the session handles the size probe and ERANGE.</summary>
    ValueTask<FuseResult<byte[]>> ListXattr(FuseContext ctx, ulong nodeId) => Nosys<byte[]>();

    ValueTask<int> RemoveXattr(FuseContext ctx, ulong nodeId, FuseName name) => Nosys();

    ValueTask<FuseResult<FuseOpenReply>> OpenDir(FuseContext ctx, ulong nodeId, int flags) => Nosys<FuseOpenReply>();

    /// <summary>READDIR and READDIRPLUS (<see cref="DirectoryListing.IsPlus"/>), from cookie <paramref name="offset"/> (0 = start).</summary>
    ValueTask<int> ReadDir(FuseContext ctx, ulong nodeId, ulong handle, ulong offset, DirectoryListing listing) => Nosys();

    ValueTask<int> ReleaseDir(FuseContext ctx, ulong nodeId, ulong handle) => Nosys();

    ValueTask<int> FsyncDir(FuseContext ctx, ulong nodeId, ulong handle, bool dataOnly) => Nosys();

    /// <summary>Returns the first lock that conflicts with the request, or one with type Unlock when none does.</summary>
    ValueTask<FuseResult<FuseLock>> GetLock(FuseContext ctx, ulong nodeId, FuseLockRequest request) => Nosys<FuseLock>();

    /// <param name="wait">SETLKW: block until the lock can be taken (honour cancellation with EINTR); else EAGAIN on conflict.</param>
    ValueTask<int> SetLock(FuseContext ctx, ulong nodeId, FuseLockRequest request, bool wait) => Nosys();

    /// <param name="mask">R_OK 4, W_OK 2, X_OK 1, F_OK 0.</param>
    ValueTask<int> Access(FuseContext ctx, ulong nodeId, int mask) => Nosys();

    ValueTask<FuseResult<FuseCreateReply>> Create(FuseContext ctx, ulong parent, FuseName name, uint mode, uint umask, int flags) => Nosys<FuseCreateReply>();

    /// <param name="mode">fallocate(2) mode bits (FALLOC_FL_KEEP_SIZE 1, PUNCH_HOLE 2, ...).</param>
    ValueTask<int> Fallocate(FuseContext ctx, ulong nodeId, ulong handle, long offset, long length, int mode) => Nosys();

    /// <param name="whence">SEEK_DATA 3 or SEEK_HOLE 4 (the kernel handles the others).</param>
    ValueTask<FuseResult<long>> Lseek(FuseContext ctx, ulong nodeId, ulong handle, long offset, int whence) => Nosys<long>();

    ValueTask<FuseResult<long>> CopyFileRange(FuseContext ctx, ulong nodeIn, ulong handleIn, long offsetIn,
        ulong nodeOut, ulong handleOut, long offsetOut, long length, ulong flags) => Nosys<long>();

    private static ValueTask<FuseResult<T>> Nosys<T>() => ValueTask.FromResult(FuseResult<T>.Fail(Errno.ENOSYS));
    private static ValueTask<int> Nosys() => ValueTask.FromResult(Errno.ENOSYS);
}
