using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// Counts the opcodes the session reports in its trace log ("-> {Opcode} unique ..."). It sees
/// what the file system cannot: which of FORGET and BATCH_FORGET the kernel actually sent.
/// </summary>
public sealed class OpcodeTrace : ILoggerFactory, ILogger
{
    private const int RequestEventId = 13; // SessionLog.Request
    private readonly ConcurrentDictionary<string, int> _counts = new();

    /// <summary>Requests seen with this opcode name (the session's FuseOpcode names, e.g. "BatchForget").</summary>
    public int Count(string opcode) => _counts.TryGetValue(opcode, out int n) ? n : 0;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id != RequestEventId || state is not IReadOnlyList<KeyValuePair<string, object?>> fields) return;
        foreach (var (key, value) in fields)
            if (key == "Opcode" && value is not null) _counts.AddOrUpdate(value.ToString()!, 1, static (_, n) => n + 1);
    }

    public bool IsEnabled(LogLevel logLevel) => true;
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public ILogger CreateLogger(string categoryName) => this;
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }
}
