using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using DynamoFS.Fuse.Abi;
using DynamoFS.Fuse.Session;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>
/// An in-memory stand-in for /dev/fuse: tests push raw requests, the session's readers take
/// them, and every reply or notification lands in <see cref="Written"/>. Completing the input
/// makes reads fail with ENODEV, exactly like an unmount.
/// </summary>
internal sealed class FakeChannel : IFuseChannel
{
    private readonly BlockingCollection<byte[]> _requests = [];
    private readonly ConcurrentDictionary<ulong, byte[]> _replies = new();
    private readonly SemaphoreSlim _replyArrived = new(0);

    public ConcurrentQueue<byte[]> Written { get; } = new();

    /// <summary>Decides the errno of a write (0 = delivered); the default delivers everything.</summary>
    public Func<byte[], int> WriteResult { get; set; } = _ => 0;

    public void Push(byte[] request) => _requests.Add(request);

    public void Unmount() => _requests.CompleteAdding();

    public int Read(Span<byte> buffer)
    {
        try
        {
            var request = _requests.Take();
            request.CopyTo(buffer);
            return request.Length;
        }
        catch (InvalidOperationException)
        {
            return -Errno.ENODEV;
        }
    }

    public int Write(ReadOnlySpan<byte> message)
    {
        var copy = message.ToArray();
        int result = WriteResult(copy);
        Written.Enqueue(copy);
        if (result == 0)
        {
            ulong unique = MemoryMarshal.Read<ulong>(copy.AsSpan(8));
            _replies[unique] = copy;
            _replyArrived.Release();
        }
        return result;
    }

    /// <summary>Waits for the delivered reply to <paramref name="unique"/>.</summary>
    public byte[] ReplyFor(ulong unique, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            if (_replies.TryRemove(unique, out var reply)) return reply;
            long left = deadline - Environment.TickCount64;
            if (left <= 0) throw new TimeoutException($"No reply for unique {unique}");
            _replyArrived.Wait(TimeSpan.FromMilliseconds(Math.Min(left, 50)));
        }
    }

    /// <summary>True if a reply to <paramref name="unique"/> arrives within the time (and consumes it).</summary>
    public bool TryReplyFor(ulong unique, int timeoutMs, out byte[] reply)
    {
        try
        {
            reply = ReplyFor(unique, timeoutMs);
            return true;
        }
        catch (TimeoutException)
        {
            reply = [];
            return false;
        }
    }

    public IFuseChannel? TryClone() => null;

    public void Dispose() => _requests.CompleteAdding();

    public static int ErrorOf(byte[] reply) => MemoryMarshal.Read<FuseOutHeader>(reply).Error;
}
