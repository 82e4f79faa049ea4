using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Protocol.Requests;

/// <summary>INTERRUPT: the unique of the request to interrupt.</summary>
internal readonly record struct InterruptRequest(ulong TargetUnique)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out InterruptRequest request)
    {
        var r = new RequestReader(body);
        bool ok = r.TryRead(out FuseInterruptIn arg);
        request = new InterruptRequest(arg.Unique);
        return ok;
    }
}

/// <summary>INIT: fuse_init_in; kernels before 7.36 send only its first 16 bytes (no flags2).</summary>
internal readonly record struct InitRequest(uint Major, uint Minor, uint MaxReadahead, ulong Flags)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out InitRequest request)
    {
        request = default;
        // major and minor (8 bytes) are enough to answer a version mismatch; max_readahead,
        // flags (16 bytes, every kernel we accept) and flags2 (20, since 7.36) when present.
        // The prefix is capped at 20 bytes: the reserved tail is never read.
        if (body.Length < 8) return false;
        var r = new RequestReader(body);
        if (!r.TryReadPrefix(Math.Min(body.Length, 20), out FuseInitIn arg)) return false;
        ulong flags = arg.Flags;
        if ((flags & (ulong)FuseInitFlags.InitExt) != 0) flags |= (ulong)arg.Flags2 << 32;
        request = new InitRequest(arg.Major, arg.Minor, arg.MaxReadahead, flags);
        return true;
    }
}
