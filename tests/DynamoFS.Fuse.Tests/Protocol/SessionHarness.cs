using System.Runtime.InteropServices;
using DynamoFS.Fuse.Abi;
using DynamoFS.Fuse.Session;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>A session on a <see cref="FakeChannel"/>, already past INIT.</summary>
internal sealed class SessionHarness : IDisposable
{
    private ulong _unique = 100;

    public SessionHarness(ScriptedFileSystem? fs = null, int readers = 2, bool init = true)
    {
        Fs = fs ?? new ScriptedFileSystem();
        Session = new FuseSession(Fs, Channel, NullLogger.Instance, readers, cloneChannels: false);
        Session.Start();
        if (init)
        {
            var reply = Send(FuseOpcode.Init, 0, RequestBuilder.InitBody());
            Assert.Equal(0, FakeChannel.ErrorOf(reply));
            Assert.True(Session.Ready.Wait(5000));
        }
    }

    public FakeChannel Channel { get; } = new();
    public ScriptedFileSystem Fs { get; }
    public FuseSession Session { get; }

    public ulong NextUnique() => Interlocked.Add(ref _unique, 2);

    /// <summary>Sends a request and waits for its reply.</summary>
    public byte[] Send(FuseOpcode opcode, ulong nodeId, ReadOnlySpan<byte> body)
    {
        ulong unique = NextUnique();
        Channel.Push(RequestBuilder.Request(opcode, unique, nodeId, body));
        return Channel.ReplyFor(unique);
    }

    public ulong Post(FuseOpcode opcode, ulong nodeId, ReadOnlySpan<byte> body)
    {
        ulong unique = NextUnique();
        Channel.Push(RequestBuilder.Request(opcode, unique, nodeId, body));
        return unique;
    }

    public static FuseOutHeader Header(byte[] reply) => MemoryMarshal.Read<FuseOutHeader>(reply);

    public static T Body<T>(byte[] reply) where T : unmanaged => MemoryMarshal.Read<T>(reply.AsSpan(FuseOutHeader.Size));

    /// <summary>Ends the session the way an unmount does and waits for it to finish.</summary>
    public void End()
    {
        Channel.Unmount();
        Assert.True(Session.Completion.Wait(10_000), "session did not end");
    }

    /// <summary>Blocks on a task (the session's threads are not the test's, so this cannot deadlock).</summary>
    public static bool Wait(Task task, int ms) => task.Wait(ms);

    public void Dispose() => Channel.Unmount();
}
