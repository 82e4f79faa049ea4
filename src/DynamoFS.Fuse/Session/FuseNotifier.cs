using System.Buffers;
using DynamoFS.Fuse.Abi;
using DynamoFS.Fuse.Protocol;

namespace DynamoFS.Fuse.Session;

/// <summary>
/// Sends cache notifications on the session's main channel. Notifications are messages with
/// unique 0 and the notify code in the error field; one write() each, so any thread may call.
/// </summary>
internal sealed class FuseNotifier : IFuseNotifier
{
    private readonly IFuseChannel _channel;
    private volatile bool _closed;

    public FuseNotifier(IFuseChannel channel) => _channel = channel;

    /// <summary>After the session ends, notifications answer ENODEV without touching the fd.</summary>
    public void Close() => _closed = true;

    public int InvalidateInode(ulong nodeId, long offset, long length)
    {
        if (_closed) return Errno.ENODEV;
        Span<byte> buffer = stackalloc byte[FuseOutHeader.Size + FuseNotifyInvalInodeOut.Size];
        int n = ReplyEncoder.NotifyInvalInode(buffer, nodeId, offset, length);
        return _channel.Write(buffer[..n]);
    }

    public int InvalidateEntry(ulong parent, ReadOnlySpan<byte> name)
    {
        if (_closed) return Errno.ENODEV;
        if (name.Length == 0 || name.Length > AbiConstants.NameMax) return Errno.EINVAL;
        return Send(FuseOutHeader.Size + FuseNotifyInvalEntryOut.Size + name.Length + 1, parent, 0, name, delete: false);
    }

    public int Delete(ulong parent, ulong child, ReadOnlySpan<byte> name)
    {
        if (_closed) return Errno.ENODEV;
        if (name.Length == 0 || name.Length > AbiConstants.NameMax) return Errno.EINVAL;
        return Send(FuseOutHeader.Size + FuseNotifyDeleteOut.Size + name.Length + 1, parent, child, name, delete: true);
    }

    private int Send(int size, ulong parent, ulong child, ReadOnlySpan<byte> name, bool delete)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            int n = delete
                ? ReplyEncoder.NotifyDelete(rented, parent, child, name)
                : ReplyEncoder.NotifyInvalEntry(rented, parent, name);
            return _channel.Write(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
