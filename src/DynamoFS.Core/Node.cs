using DynamoFS.Core.Storage;

namespace DynamoFS.Core;

/// <summary>
/// What this client keeps about one inode while the kernel references it or a handle is open:
/// the last inode record read or written (with when it was read, for the attribute timeout),
/// the write buffer of a regular file, and open-handle bookkeeping. Kernel node id = inode id.
/// </summary>
internal sealed class Node
{
    private readonly object _sync = new();
    private InodeRecord _record;
    private long _readAt;
    /// <summary>Directory mtime/ctime this client asked the store to advance to (the store applies it asynchronously).</summary>
    private long _touchedNs = long.MinValue;

    public Node(InodeRecord record)
    {
        Id = record.Id;
        _record = record;
        _readAt = Environment.TickCount64;
    }

    public ulong Id { get; }

    /// <summary>Serializes changes to this inode's data and attributes made by this client.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>
    /// The last durable record this client knows (without unflushed writes). A directory's times
    /// include the touches this client requested: the store writes them off the critical path,
    /// but our own stat after a create must already show them.
    /// </summary>
    public InodeRecord Record
    {
        get
        {
            lock (_sync)
            {
                if (_touchedNs <= _record.ModifyTimeNs && _touchedNs <= _record.ChangeTimeNs) return _record;
                return _record with
                {
                    ModifyTimeNs = Math.Max(_touchedNs, _record.ModifyTimeNs),
                    ChangeTimeNs = Math.Max(_touchedNs, _record.ChangeTimeNs),
                };
            }
        }
    }

    /// <summary>Names in this directory the kernel may hold in its dentry cache (hex of the bytes), bounded.</summary>
    private HashSet<string>? _children;

    /// <summary>Remembers that an entry for <paramref name="name"/> in this directory was given to the kernel.</summary>
    public void RememberChild(ReadOnlySpan<byte> name)
    {
        lock (_sync)
        {
            _children ??= [];
            if (_children.Count < 10_000) _children.Add(Convert.ToHexString(name));
        }
    }

    /// <summary>The names given to the kernel so far, forgetting them.</summary>
    public List<byte[]> TakeChildren()
    {
        lock (_sync)
        {
            var names = _children?.Select(Convert.FromHexString).ToList() ?? [];
            _children = null;
            return names;
        }
    }

    /// <summary>Records that this directory's contents changed at <paramref name="timeNs"/>.</summary>
    public void Touched(long timeNs)
    {
        lock (_sync) _touchedNs = Math.Max(_touchedNs, timeNs);
    }

    /// <summary>The write buffer (regular files), created on first use.</summary>
    public FileBuffer? Buffer { get; set; }

    /// <summary>Handles open on this node (files and directories).</summary>
    public int OpenHandles;

    /// <summary>The kernel holds lookup references (cleared by Forget).</summary>
    public volatile bool KernelReferenced;

    /// <summary>Known not to have security.capability: the GETXATTR the kernel sends before every write answers at once.</summary>
    public volatile bool NoCapability;

    /// <summary>True when the record was read or written within <paramref name="ttl"/>.</summary>
    public bool IsFresh(TimeSpan ttl)
    {
        lock (_sync) return Environment.TickCount64 - _readAt < (long)ttl.TotalMilliseconds;
    }

    /// <summary>
    /// Adopts a record just read or stored, unless we already know a newer version (a slow read
    /// racing our own update must not roll the cache back).
    /// </summary>
    public void Update(InodeRecord record)
    {
        lock (_sync)
        {
            if (record.Version < _record.Version) return;
            _record = record;
            _readAt = Environment.TickCount64;
        }
    }

    /// <summary>Forces the next attribute request to re-read the record (another change happened in storage).</summary>
    public void Invalidate()
    {
        lock (_sync) _readAt = long.MinValue / 2;
    }

    /// <summary>The attributes to report: the durable record plus this client's unflushed changes.</summary>
    public InodeRecord Effective
    {
        get
        {
            var record = Record;
            var buffer = Buffer;
            return buffer is null ? record : buffer.Overlay(record);
        }
    }
}
