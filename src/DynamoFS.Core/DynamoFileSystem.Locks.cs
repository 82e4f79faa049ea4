using DynamoFS.Fuse;

namespace DynamoFS.Core;

// fcntl and flock locks, delegated to the lock manager (local now; cross-client later).
public sealed partial class DynamoFileSystem
{
    public ValueTask<FuseResult<FuseLock>> GetLock(FuseContext ctx, ulong nodeId, FuseLockRequest request) => Run("getlk", ctx, async () =>
    {
        if (request.Lock.Type is not (FuseLockType.Read or FuseLockType.Write or FuseLockType.Unlock)) return Fail<FuseLock>(Errno.EINVAL);
        var conflict = await _locks.FindConflictAsync(nodeId, request.Owner, request.Lock, request.IsFlock, ctx.Cancellation).ConfigureAwait(false);
        return conflict ?? request.Lock with { Type = FuseLockType.Unlock };
    });

    public ValueTask<int> SetLock(FuseContext ctx, ulong nodeId, FuseLockRequest request, bool wait) => RunStatus(wait ? "setlkw" : "setlk", ctx, async () =>
    {
        if (request.Lock.Type is not (FuseLockType.Read or FuseLockType.Write or FuseLockType.Unlock)) return Errno.EINVAL;
        return await _locks.SetAsync(nodeId, request.Owner, request.Lock, request.IsFlock, wait, ctx.Cancellation).ConfigureAwait(false);
    });
}
