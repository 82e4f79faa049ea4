using System.Runtime.InteropServices;

namespace DynamoFS.Fuse.Abi;

// The two headers that frame every message. Layouts are sequential with natural alignment,
// which reproduces the C layout exactly on the 64-bit little-endian targets we run on; the
// sizes are pinned by tests (AbiSizeTests).

/// <summary>struct fuse_in_header (40 bytes): precedes every request.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseInHeader
{
    public const int Size = 40;
    public uint Len;
    public uint Opcode;
    public ulong Unique;
    public ulong NodeId;
    public uint Uid;
    public uint Gid;
    public uint Pid;
    /// <summary>Length of extension blocks after the arguments, in 8-byte units (only with SECURITY_CTX etc.).</summary>
    public ushort TotalExtlen;
    public ushort Padding;
}

/// <summary>struct fuse_out_header (16 bytes): precedes every reply and notification.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseOutHeader
{
    public const int Size = 16;
    public uint Len;
    /// <summary>0 or a negated errno; for notifications (unique 0) the notify code.</summary>
    public int Error;
    public ulong Unique;
}
