using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Protocol.Requests;

/// <summary>GETATTR: fuse_getattr_in; the handle is meaningful only with GETATTR_FH (fstat).</summary>
internal readonly record struct GetAttrRequest(ulong? Handle)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out GetAttrRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseGetAttrIn arg)) return false;
        request = new GetAttrRequest((arg.GetAttrFlags & AbiConstants.GetAttrFh) != 0 ? arg.Fh : null);
        return true;
    }
}

/// <summary>SETATTR: fuse_setattr_in mapped onto the contract's <see cref="FuseSetAttributes"/>.</summary>
internal static class SetAttrRequest
{
    public static bool TryParse(ReadOnlySpan<byte> body, out FuseSetAttributes request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseSetAttrIn a)) return false;
        if (a.AtimeNsec >= 1_000_000_000 || a.MtimeNsec >= 1_000_000_000 || a.CtimeNsec >= 1_000_000_000) return false;
        request = new FuseSetAttributes
        {
            Fields = (SetAttributeFields)a.Valid,
            Handle = a.Fh,
            Size = a.FileSize,
            LockOwner = a.LockOwner,
            AccessTime = new FuseTime((long)a.Atime, a.AtimeNsec),
            ModifyTime = new FuseTime((long)a.Mtime, a.MtimeNsec),
            ChangeTime = new FuseTime((long)a.Ctime, a.CtimeNsec),
            Mode = a.Mode,
            Uid = a.Uid,
            Gid = a.Gid,
        };
        return true;
    }
}
