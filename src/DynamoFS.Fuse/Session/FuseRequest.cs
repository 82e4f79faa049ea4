using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Session;

/// <summary>
/// One request being served: its header, the buffer holding it (owned until the reply is
/// written), the channel the reply must go back to, and whether it has been answered.
/// </summary>
internal sealed class FuseRequest
{
    public FuseRequest(IFuseChannel channel, in FuseInHeader header, byte[] buffer, int length, bool bigBuffer, CancellationToken token)
    {
        Channel = channel;
        Header = header;
        Buffer = buffer;
        Length = length;
        IsBigBuffer = bigBuffer;
        Token = token;
    }

    public IFuseChannel Channel { get; }
    public FuseInHeader Header { get; }
    public byte[] Buffer { get; }
    public int Length { get; }
    /// <summary>True when <see cref="Buffer"/> is a reader buffer taken over by the request (large WRITE/SETXATTR).</summary>
    public bool IsBigBuffer { get; }
    public CancellationToken Token { get; }
    public bool Replied { get; set; }

    public ulong Unique => Header.Unique;
    public ulong NodeId => Header.NodeId;
    public FuseOpcode Opcode => (FuseOpcode)Header.Opcode;

    /// <summary>The bytes after the header, limited to the header's len.</summary>
    public ReadOnlySpan<byte> Body => Buffer.AsSpan(FuseInHeader.Size, Length - FuseInHeader.Size);

    /// <summary>A slice of the body as memory, for data handed to the file system (WRITE, SETXATTR).</summary>
    public ReadOnlyMemory<byte> BodyMemory(int offset, int count) => Buffer.AsMemory(FuseInHeader.Size + offset, count);
}
