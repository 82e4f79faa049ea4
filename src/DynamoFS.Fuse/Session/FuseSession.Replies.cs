using System.Buffers;
using DynamoFS.Fuse.Abi;
using DynamoFS.Fuse.Protocol;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Fuse.Session;

// Writing replies, and the lookup accounting tied to them: an entry counts only if the kernel
// actually received it, so the count is taken before the write (a FORGET can then never
// overtake it) and given back if the write fails (request interrupted or aborted).
internal sealed partial class FuseSession
{
    private int Write(IFuseChannel channel, ulong unique, uint opcode, ReadOnlySpan<byte> message)
    {
        int err = channel.Write(message);
        if (_logger.IsEnabled(LogLevel.Trace))
            _logger.Reply(unique, System.Runtime.InteropServices.MemoryMarshal.Read<int>(message[4..]), message.Length);
        // ENOENT: the request is gone (interrupted, or the kernel gave up on it): nothing to do.
        if (err != 0 && err != Errno.ENOENT && !_destroyed) _logger.ReplyFailed(opcode, unique, err);
        return err;
    }

    private int Send(FuseRequest request, ReadOnlySpan<byte> message)
    {
        request.Replied = true;
        return Write(request.Channel, request.Unique, request.Header.Opcode, message);
    }

    private void ReplyError(IFuseChannel channel, ulong unique, int errno)
    {
        Span<byte> buffer = stackalloc byte[FuseOutHeader.Size];
        Write(channel, unique, 0, buffer[..ReplyEncoder.Error(buffer, unique, errno)]);
    }

    private void ReplyError(FuseRequest request, int errno)
    {
        Span<byte> buffer = stackalloc byte[FuseOutHeader.Size];
        Send(request, buffer[..ReplyEncoder.Error(buffer, request.Unique, errno)]);
    }

    /// <summary>Answers a status-only operation: 0 is success, anything else an errno.</summary>
    private void ReplyStatus(FuseRequest request, int errno) => ReplyError(request, SanitizeErrno(errno, allowZero: true));

    private void ReplyFailure(FuseRequest request, int errno) => ReplyError(request, SanitizeErrno(errno, allowZero: false));

    /// <summary>Errnos outside 1..511 would be rejected by the kernel; they are file-system bugs, sent as EIO.</summary>
    private static int SanitizeErrno(int errno, bool allowZero) =>
        (errno == 0 && allowZero) || errno is > 0 and < 512 ? errno : Errno.EIO;

    private void ReplyStruct<T>(FuseRequest request, in T body) where T : unmanaged
    {
        Span<byte> buffer = stackalloc byte[FuseOutHeader.Size + System.Runtime.CompilerServices.Unsafe.SizeOf<T>()];
        Send(request, buffer[..ReplyEncoder.Struct(buffer, request.Unique, body)]);
    }

    private void ReplyData(FuseRequest request, ReadOnlySpan<byte> data)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(FuseOutHeader.Size + data.Length);
        try
        {
            Send(request, rented.AsSpan(0, ReplyEncoder.Data(rented, request.Unique, data)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void ReplyEntry(FuseRequest request, in FuseEntry entry)
    {
        Span<byte> buffer = stackalloc byte[FuseOutHeader.Size + FuseEntryOut.Size];
        int n = ReplyEncoder.Entry(buffer, request.Unique, entry);
        SendCounted(request, buffer[..n], entry.NodeId);
    }

    private void ReplyCreate(FuseRequest request, in FuseCreateReply reply)
    {
        Span<byte> buffer = stackalloc byte[FuseOutHeader.Size + FuseEntryOut.Size + FuseOpenOut.Size];
        int n = ReplyEncoder.Create(buffer, request.Unique, reply);
        SendCounted(request, buffer[..n], reply.Entry.NodeId);
    }

    private void SendCounted(FuseRequest request, ReadOnlySpan<byte> message, ulong nodeId)
    {
        if (nodeId != 0) _lookups.Add(nodeId);
        if (Send(request, message) != 0 && nodeId != 0) Uncount(nodeId);
    }

    /// <summary>Sends a READDIRPLUS reply and counts its records only if the kernel took it.</summary>
    private void SendListing(FuseRequest request, ReadOnlySpan<byte> message, IReadOnlyList<ulong> lookups)
    {
        foreach (ulong node in lookups) _lookups.Add(node);
        if (Send(request, message) != 0)
        {
            foreach (ulong node in lookups) Uncount(node);
        }
    }

    private void Uncount(ulong nodeId)
    {
        // The kernel never saw this entry; if nothing else references the node it is forgotten now.
        if (_lookups.Remove(nodeId, 1, out _)) CallForget(nodeId);
        _logger.LogDebug("Entry reply for node {NodeId} was not delivered; lookup not counted", nodeId);
    }
}
