using Microsoft.Extensions.Logging;

namespace DynamoFS.Fuse.Session;

/// <summary>The session's log messages (source-generated, with stable event ids).</summary>
internal static partial class SessionLog
{
    [LoggerMessage(1, LogLevel.Information, "FUSE session started: protocol 7.{Minor}, kernel 7.{KernelMinor}, flags 0x{Flags:x}, max_write {MaxWrite}, {Readers} reader(s)")]
    public static partial void SessionStarted(this ILogger logger, uint minor, uint kernelMinor, ulong flags, uint maxWrite, int readers);

    [LoggerMessage(2, LogLevel.Information, "FUSE session ended")]
    public static partial void SessionEnded(this ILogger logger);

    [LoggerMessage(3, LogLevel.Warning, "Malformed FUSE request {Opcode} (unique {Unique}): {Reason}; {Suppressed} more suppressed since the last report")]
    public static partial void MalformedRequest(this ILogger logger, uint opcode, ulong unique, string reason, long suppressed);

    [LoggerMessage(4, LogLevel.Error, "File system threw while handling {Opcode} (unique {Unique}); replying EIO")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception, uint opcode, ulong unique);

    [LoggerMessage(5, LogLevel.Warning, "Writing the reply to {Opcode} (unique {Unique}) failed: errno {Errno}")]
    public static partial void ReplyFailed(this ILogger logger, uint opcode, ulong unique, int errno);

    [LoggerMessage(6, LogLevel.Error, "Reading /dev/fuse failed with errno {Errno}; ending the session")]
    public static partial void ReadFailed(this ILogger logger, int errno);

    [LoggerMessage(7, LogLevel.Error, "INIT refused: kernel protocol {Major}.{Minor} is not supported")]
    public static partial void InitRejected(this ILogger logger, uint major, uint minor);

    [LoggerMessage(8, LogLevel.Warning, "FORGET of {Nlookup} lookup(s) of node {NodeId} exceeds the session's count")]
    public static partial void UnknownForget(this ILogger logger, ulong nodeId, ulong nlookup);

    [LoggerMessage(9, LogLevel.Error, "File system callback {Callback} threw")]
    public static partial void CallbackFailed(this ILogger logger, Exception exception, string callback);

    [LoggerMessage(10, LogLevel.Warning, "{Count} request(s) still running at session end after {Seconds}s")]
    public static partial void DrainTimedOut(this ILogger logger, int count, int seconds);

    [LoggerMessage(13, LogLevel.Trace, "-> {Opcode} unique {Unique} node {NodeId} uid {Uid} pid {Pid}")]
    public static partial void Request(this ILogger logger, Abi.FuseOpcode opcode, ulong unique, ulong nodeId, uint uid, uint pid);

    [LoggerMessage(14, LogLevel.Trace, "<- unique {Unique} error {Error} ({Length} bytes)")]
    public static partial void Reply(this ILogger logger, ulong unique, int error, int length);

    [LoggerMessage(12, LogLevel.Error, "File system answered {Opcode} (unique {Unique}) with an entry the kernel would drop without a FORGET (node {NodeId}, mode 0{Mode:o}); replying EIO")]
    public static partial void InvalidEntry(this ILogger logger, uint opcode, ulong unique, ulong nodeId, uint mode);

    [LoggerMessage(11, LogLevel.Debug, "Could not clone /dev/fuse for reader {Reader}; sharing the session fd")]
    public static partial void CloneFailed(this ILogger logger, int reader);
}
