using System.Collections.Concurrent;

namespace DynamoFS.Core;

/// <summary>An open file description as this client sees it: which node, and what open(2) allowed.</summary>
internal sealed class FileHandle(ulong id, Node node, int flags)
{
    public ulong Id { get; } = id;
    public Node Node { get; } = node;
    public int Flags { get; } = flags;
    public bool CanRead => (Flags & 3) != OpenFlags.WriteOnly;
    public bool CanWrite => (Flags & 3) != OpenFlags.ReadOnly;
    public bool Append => (Flags & OpenFlags.Append) != 0;
    public bool IsDirectory { get; init; }
}

/// <summary>open(2) flag values (x86-64/arm64 numbers).</summary>
internal static class OpenFlags
{
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int ReadWrite = 2;
    public const int Creat = 0x40;
    public const int Excl = 0x80;
    public const int Trunc = 0x200;
    public const int Append = 0x400;
}

/// <summary>Handle ids → handles. Ids are never reused within a mount, so a stale id finds nothing.</summary>
internal sealed class HandleTable
{
    private readonly ConcurrentDictionary<ulong, FileHandle> _handles = new();
    private long _next;

    public FileHandle Add(Node node, int flags, bool directory = false)
    {
        var h = new FileHandle((ulong)Interlocked.Increment(ref _next), node, flags) { IsDirectory = directory };
        _handles[h.Id] = h;
        Interlocked.Increment(ref node.OpenHandles);
        return h;
    }

    public FileHandle? Find(ulong id) => _handles.TryGetValue(id, out var h) ? h : null;

    /// <summary>Removes the handle; returns it and the node's remaining open-handle count.</summary>
    public (FileHandle? Handle, int Remaining) Remove(ulong id)
    {
        if (!_handles.TryRemove(id, out var h)) return (null, 0);
        return (h, Interlocked.Decrement(ref h.Node.OpenHandles));
    }

    public IEnumerable<FileHandle> All => _handles.Values;
}
