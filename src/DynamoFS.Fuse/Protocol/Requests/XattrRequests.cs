using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Protocol.Requests;

/// <summary>
/// SETXATTR: fuse_setxattr_in (16 bytes with SETXATTR_EXT, else 8) + name + value.
/// <see cref="ValueOffset"/> is where the value starts in the body.
/// </summary>
internal readonly record struct SetXattrRequest(FuseName Name, int ValueOffset, int ValueSize, int Flags)
{
    public static bool TryParse(ReadOnlySpan<byte> body, bool extended, out SetXattrRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        int headerSize = extended ? FuseSetXattrIn.Size : FuseSetXattrIn.CompatSize;
        if (!r.TryReadPrefix(headerSize, out FuseSetXattrIn arg)) return false;
        if (!r.TryReadName(out var name)) return false;
        int valueOffset = body.Length - r.Remaining.Length;
        if (arg.ValueSize > AbiConstants.XattrSizeMax || !r.TryReadBytes((int)arg.ValueSize, out _)) return false;
        request = new SetXattrRequest(name, valueOffset, (int)arg.ValueSize, (int)arg.Flags);
        return true;
    }
}

/// <summary>GETXATTR: fuse_getxattr_in + name. Size 0 asks for the value's length only.</summary>
internal readonly record struct GetXattrRequest(int Size, FuseName Name)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out GetXattrRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseGetXattrIn arg) || !r.TryReadName(out var name)) return false;
        if (arg.ValueSize > AbiConstants.XattrSizeMax) return false;
        request = new GetXattrRequest((int)arg.ValueSize, name);
        return true;
    }
}

/// <summary>LISTXATTR: fuse_getxattr_in. Size 0 asks for the list's length only.</summary>
internal readonly record struct ListXattrRequest(int Size)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out ListXattrRequest request)
    {
        request = default;
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseGetXattrIn arg)) return false;
        if (arg.ValueSize > AbiConstants.XattrSizeMax) return false;
        request = new ListXattrRequest((int)arg.ValueSize);
        return true;
    }
}
