using System.Runtime.InteropServices;
using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Protocol.Requests;

/// <summary>FORGET: drop <see cref="Nlookup"/> lookups of the header's node. Never answered.</summary>
internal readonly record struct ForgetRequest(ulong Nlookup)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out ForgetRequest request)
    {
        var r = new RequestReader(body);
        bool ok = r.TryRead(out FuseForgetIn arg);
        request = new ForgetRequest(arg.Nlookup);
        return ok;
    }
}

/// <summary>BATCH_FORGET: fuse_batch_forget_in + count x fuse_forget_one. Never answered.</summary>
internal static class BatchForgetRequest
{
    /// <summary>The entries, or false when count claims more entries than the body holds.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out FuseForgetOne[] entries)
    {
        entries = [];
        var r = new RequestReader(body);
        if (!r.TryRead(out FuseBatchForgetIn arg)) return false;
        long bytes = (long)arg.Count * FuseForgetOne.Size;
        if (bytes > r.Remaining.Length) return false;
        entries = MemoryMarshal.Cast<byte, FuseForgetOne>(r.Remaining[..(int)bytes]).ToArray();
        return true;
    }
}
