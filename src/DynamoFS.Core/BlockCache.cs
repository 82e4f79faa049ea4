namespace DynamoFS.Core;

/// <summary>
/// Clean file blocks recently read or written, bounded in bytes, least recently used evicted
/// first. Entries hold the stored bytes of a block (possibly shorter than a block: the rest is
/// zeros). A file's entries are dropped when open finds that another client changed it.
/// </summary>
internal sealed class BlockCache
{
    private readonly record struct Key(ulong Inode, ulong Index);

    private sealed class Entry(Key key, byte[] data)
    {
        public readonly Key Key = key;
        public readonly byte[] Data = data;
        public LinkedListNode<Entry>? Node;
    }

    private readonly object _gate = new();
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly Dictionary<ulong, HashSet<ulong>> _byInode = [];
    private readonly LinkedList<Entry> _lru = new();
    private readonly long _capacity;
    private long _bytes;

    public BlockCache(long capacityBytes) => _capacity = capacityBytes;

    public long Bytes { get { lock (_gate) return _bytes; } }

    public bool TryGet(ulong inode, ulong index, out byte[] data)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(new Key(inode, index), out var e))
            {
                _lru.Remove(e.Node!);
                _lru.AddFirst(e.Node!);
                data = e.Data;
                return true;
            }
        }
        data = [];
        return false;
    }

    /// <summary>Caches a block's stored bytes; the array must not be modified afterwards.</summary>
    public void Put(ulong inode, ulong index, byte[] data)
    {
        if (_capacity <= 0 || data.Length > _capacity) return;
        lock (_gate)
        {
            var key = new Key(inode, index);
            if (_entries.TryGetValue(key, out var old)) RemoveEntry(old);
            var e = new Entry(key, data);
            e.Node = _lru.AddFirst(e);
            _entries[key] = e;
            if (!_byInode.TryGetValue(inode, out var set)) _byInode[inode] = set = [];
            set.Add(index);
            _bytes += data.Length + 64;
            while (_bytes > _capacity && _lru.Last is { } last) RemoveEntry(last.Value);
        }
    }

    /// <summary>Drops the blocks of <paramref name="inode"/> with index ≥ <paramref name="fromIndex"/>.</summary>
    public void Invalidate(ulong inode, ulong fromIndex = 0)
    {
        lock (_gate)
        {
            if (!_byInode.TryGetValue(inode, out var set)) return;
            foreach (var index in set.Where(i => i >= fromIndex).ToList())
                RemoveEntry(_entries[new Key(inode, index)]);
        }
    }

    private void RemoveEntry(Entry e)
    {
        _lru.Remove(e.Node!);
        _entries.Remove(e.Key);
        _bytes -= e.Data.Length + 64;
        if (_byInode.TryGetValue(e.Key.Inode, out var set))
        {
            set.Remove(e.Key.Index);
            if (set.Count == 0) _byInode.Remove(e.Key.Inode);
        }
    }
}
