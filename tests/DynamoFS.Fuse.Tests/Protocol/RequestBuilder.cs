using System.Buffers.Binary;
using System.Text;
using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>Builds raw requests (fuse_in_header + body) the way the kernel lays them out.</summary>
internal static class RequestBuilder
{
    public const uint Uid = 1000, Gid = 1000, Pid = 4242;

    public static byte[] Request(FuseOpcode opcode, ulong unique, ulong nodeId, ReadOnlySpan<byte> body, uint? lieAboutLength = null)
    {
        var bytes = new byte[FuseInHeader.Size + body.Length];
        var s = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s[0..], lieAboutLength ?? (uint)bytes.Length); // len
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)opcode);                         // opcode
        BinaryPrimitives.WriteUInt64LittleEndian(s[8..], unique);                               // unique
        BinaryPrimitives.WriteUInt64LittleEndian(s[16..], nodeId);                              // nodeid
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], Uid);                                 // uid
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], Gid);                                 // gid
        BinaryPrimitives.WriteUInt32LittleEndian(s[32..], Pid);                                 // pid
        // total_extlen u16 = 0, padding u16 = 0
        body.CopyTo(s[FuseInHeader.Size..]);
        return bytes;
    }

    /// <summary>Parses "0a0b | 0c ..." (whitespace and the field separator | ignored) into bytes; fixtures stay readable field by field.</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c) && c != '|')));

    public static byte[] Name(string name) => [.. Encoding.UTF8.GetBytes(name), 0];

    public static byte[] U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }

    public static byte[] U64(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); return b; }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>A full 64-byte fuse_init_in from a 7.45 kernel offering every flag, with INIT_EXT.</summary>
    public static byte[] InitBody(uint major = 7, uint minor = 45, uint flags = 0xFFFF_FFFF, uint flags2 = 0xFFFF_FFFF, uint maxReadahead = 128 * 1024)
    {
        var b = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(0), major);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), minor);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), maxReadahead);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), flags2);
        return b;
    }
}
