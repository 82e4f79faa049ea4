using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Protocol.Requests;

/// <summary>GETLK, SETLK, SETLKW: fuse_lk_in mapped onto the contract's <see cref="FuseLockRequest"/>.</summary>
internal static class LockRequestParser
{
    public static bool TryParse(ReadOnlySpan<byte> body, out FuseLockRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseLkIn arg)) return false;
        if (arg.Lk.Type > (uint)FuseLockType.Unlock || arg.Lk.Start > arg.Lk.End) return false;
        request = new FuseLockRequest
        {
            Handle = arg.Fh,
            Owner = arg.Owner,
            Lock = new FuseLock(arg.Lk.Start, arg.Lk.End, (FuseLockType)arg.Lk.Type, arg.Lk.Pid),
            IsFlock = (arg.LkFlags & AbiConstants.LkFlock) != 0,
        };
        return true;
    }
}
