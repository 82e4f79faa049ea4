using DynamoFS.Core.Storage;
using DynamoFS.Fuse;

namespace DynamoFS.Core;

/// <summary>
/// The data of one regular file as this client sees it: the durable content (inline in the
/// inode, or blocks in the block store) plus unflushed writes held as whole dirty blocks. One
/// buffer per inode, shared by every handle of this mount, so data written through one handle
/// is visible to every other at once.
///
/// Flushing writes the dirty blocks (partial blocks were completed by read-modify-write when
/// first dirtied), and only then stores size, times and stored bytes in the inode: data is
/// durable before the metadata that makes it visible. A file whose content fits the inline
/// limit and never had blocks keeps it in the inode, so writing it costs one UpdateItem.
///
/// Every method except <see cref="ReadAsync"/> and <see cref="Overlay"/> expects the caller to
/// hold <see cref="Node.Gate"/>.
/// </summary>
internal sealed class FileBuffer
{
    /// <summary>The unflushed changes in a form that can be read without the gate (attribute replies).</summary>
    private sealed record PendingView(long Size, long? ModifyTimeNs, long? ChangeTimeNs, long? AccessTimeNs, bool KillPrivileges, ulong StoredBytes);

    private readonly Node _node;
    private readonly IMetadataStore _meta;
    private readonly IBlockStore _blocks;
    private readonly BlockCache _cache;
    private readonly DirtyBudget _budget;
    private readonly BlockMath _math;
    private readonly int _inlineLimit;
    private readonly Action<Node> _becameDirty;

    private readonly SortedDictionary<ulong, byte[]> _dirty = [];
    /// <summary>Stored (trimmed) length of blocks whose size we know, for st_blocks accounting.</summary>
    private readonly Dictionary<ulong, int> _knownStored = [];

    private bool _loaded;
    private long _size;
    /// <summary>The content while the file lives inline in the inode (null: in blocks, or empty).</summary>
    private byte[]? _inline;
    /// <summary>False only when the file certainly has no stored blocks (inline or empty).</summary>
    private bool _mayHaveBlocks;
    /// <summary>Blocks from this index on must be deleted before dirty blocks are written (pending truncate).</summary>
    private ulong _deleteFrom = ulong.MaxValue;
    /// <summary>The largest size since the last flush: blocks up to here may exist in the store.</summary>
    private long _highWater;
    private ulong _storedBytes;
    private ulong _syncedVersion;
    private long _syncedSize;
    private long _syncedModifyTime;

    private bool _metaDirty, _sizeChanged, _truncated, _dataChanged, _killPrivileges;
    private long? _mtime, _ctime, _atime;
    private long _generation;
    private volatile PendingView? _view;

    public FileBuffer(Node node, IMetadataStore meta, IBlockStore blocks, BlockCache cache, DirtyBudget budget, Action<Node> becameDirty)
    {
        _node = node;
        _meta = meta;
        _blocks = blocks;
        _cache = cache;
        _budget = budget;
        _math = new BlockMath(meta.Settings.BlockSize);
        _inlineLimit = Math.Min(meta.Settings.InlineLimit, meta.Settings.BlockSize);
        _becameDirty = becameDirty;
    }

    /// <summary>True while there are unflushed data or attribute changes.</summary>
    public bool HasPending => _view is not null;

    /// <summary>True while dirty blocks hold memory from the dirty budget.</summary>
    public bool HasDirtyBlocks { get; private set; }

    /// <summary>The logical size including unflushed writes (gate held).</summary>
    public long Size => _size;

    /// <summary>The durable record with this client's unflushed changes applied (no gate needed).</summary>
    public InodeRecord Overlay(InodeRecord record)
    {
        var v = _view;
        if (v is null) return record;
        return record with
        {
            Size = (ulong)v.Size,
            ModifyTimeNs = v.ModifyTimeNs is { } m ? Math.Max(m, record.ModifyTimeNs) : record.ModifyTimeNs,
            ChangeTimeNs = v.ChangeTimeNs is { } c ? Math.Max(c, record.ChangeTimeNs) : record.ChangeTimeNs,
            AccessTimeNs = v.AccessTimeNs ?? record.AccessTimeNs,
            Mode = v.KillPrivileges ? Permissions.KillSuidGid(record.Mode) : record.Mode,
            StoredBytes = v.StoredBytes,
        };
    }

    /// <summary>
    /// Aligns the buffer with the durable record when nothing is pending (another client may have
    /// changed the file: close-to-open). Returns true when the content may have changed since the
    /// buffer last saw it (size or mtime differ), in which case cached blocks were dropped.
    /// </summary>
    public bool Sync()
    {
        var record = _node.Record;
        if (HasPending) return false;
        if (_loaded && record.Version == _syncedVersion) return false;
        bool changed = !_loaded || (long)record.Size != _syncedSize || record.ModifyTimeNs != _syncedModifyTime;
        Load(record);
        if (changed)
        {
            _knownStored.Clear();
            _cache.Invalidate(_node.Id);
        }
        return changed;
    }

    private void Load(InodeRecord record)
    {
        _loaded = true;
        _size = (long)record.Size;
        _inline = record.InlineData;
        _mayHaveBlocks = record.InlineData is null && record.Size > 0;
        _highWater = _size;
        _storedBytes = record.StoredBytes;
        _deleteFrom = ulong.MaxValue;
        _syncedVersion = record.Version;
        _syncedSize = _size;
        _syncedModifyTime = record.ModifyTimeNs;
    }

    // ---------------------------------------------------------------- reads

    /// <summary>
    /// Reads up to destination.Length bytes at <paramref name="offset"/>: dirty blocks from
    /// memory, clean ones from the read cache or, all at once, from the block store. Takes the
    /// gate itself, and not across the block store round trip.
    /// </summary>
    public async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, bool updateAccessTime, CancellationToken ct)
    {
        List<(ulong Index, int DestOffset, int BlockOffset, int Count)>? missing = null;
        long generation;
        int n;
        await _node.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            Sync();
            if (offset >= _size) return 0;
            n = (int)Math.Min(destination.Length, _size - offset);
            var dest = destination.Span[..n];
            if (updateAccessTime) MaybeTouchAccessTime();
            if (_inline is not null)
            {
                dest.Clear();
                if (offset < _inline.Length)
                    _inline.AsSpan((int)offset, (int)Math.Min(n, _inline.Length - offset)).CopyTo(dest);
                return n;
            }
            var (first, last) = _math.Range(offset, n);
            for (ulong idx = first; idx <= last; idx++)
            {
                long blockStart = _math.StartOf(idx);
                int from = (int)Math.Max(0, offset - blockStart);
                int to = (int)Math.Min(_math.BlockSize, offset + n - blockStart);
                int destOffset = (int)(blockStart + from - offset);
                var part = dest.Slice(destOffset, to - from);
                if (_dirty.TryGetValue(idx, out var buf)) buf.AsSpan(from, to - from).CopyTo(part);
                else if (!_mayHaveBlocks) part.Clear();
                else if (_cache.TryGet(_node.Id, idx, out var cached)) CopyStored(cached, from, part);
                else (missing ??= []).Add((idx, destOffset, from, to - from));
            }
            generation = _generation;
        }
        finally
        {
            _node.Gate.Release();
        }
        if (missing is null) return n;

        var fetched = await _blocks.ReadBlocksAsync(_node.Id, missing.Select(m => m.Index).ToList(), ct).ConfigureAwait(false);
        foreach (var m in missing)
        {
            var stored = fetched.TryGetValue(m.Index, out var d) ? d : [];
            CopyStored(stored, m.BlockOffset, destination.Span.Slice(m.DestOffset, m.Count));
        }
        // Cache what we fetched unless a write or truncate happened meanwhile (it would be stale).
        await _node.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (generation == _generation)
                foreach (var m in missing)
                    _cache.Put(_node.Id, m.Index, fetched.TryGetValue(m.Index, out var d) ? d : []);
        }
        finally
        {
            _node.Gate.Release();
        }
        return n;
    }

    /// <summary>Copies [from, from+dest.Length) of a stored block into dest; bytes past its stored length are zeros.</summary>
    private static void CopyStored(byte[] stored, int from, Span<byte> dest)
    {
        int available = Math.Max(0, Math.Min(dest.Length, stored.Length - from));
        if (available > 0) stored.AsSpan(from, available).CopyTo(dest);
        dest[available..].Clear();
    }

    /// <summary>relatime: mark atime for update when it is older than mtime/ctime or a day old.</summary>
    private void MaybeTouchAccessTime()
    {
        var r = Overlay(_node.Record);
        long now = FuseTime.Now.TotalNanoseconds;
        if (_atime is null && (r.AccessTimeNs <= r.ModifyTimeNs || r.AccessTimeNs <= r.ChangeTimeNs || now - r.AccessTimeNs > 86_400_000_000_000L))
        {
            _atime = now;
            _metaDirty = true;
            UpdateView();
        }
    }

    /// <summary>The clean content of block <paramref name="idx"/> (cache, inline data or block store); may be shorter than a block.</summary>
    private async ValueTask<byte[]> LoadCleanAsync(ulong idx, CancellationToken ct)
    {
        if (_inline is not null) return idx == 0 ? _inline : [];
        if (!_mayHaveBlocks) return [];
        if (_cache.TryGet(_node.Id, idx, out var cached)) return cached;
        var fetched = await _blocks.ReadBlocksAsync(_node.Id, [idx], ct).ConfigureAwait(false);
        var data = fetched.TryGetValue(idx, out var d) ? d : [];
        _cache.Put(_node.Id, idx, data);
        return data;
    }

    // ---------------------------------------------------------------- writes

    /// <summary>Moves inline content into dirty block 0 before the file changes shape.</summary>
    private void MaterializeInline()
    {
        if (_inline is null) return;
        if (_inline.Length > 0 && !_dirty.ContainsKey(0))
        {
            var buf = new byte[_math.BlockSize];
            _inline.AsSpan(0, (int)Math.Min(_inline.Length, _size)).CopyTo(buf);
            AddDirty(0, buf);
        }
        _inline = null;
    }

    private void AddDirty(ulong idx, byte[] buf)
    {
        _dirty[idx] = buf;
        _budget.Add(buf.Length);
        if (!HasDirtyBlocks)
        {
            HasDirtyBlocks = true;
            _becameDirty(_node);
        }
    }

    private void DropDirtyFrom(ulong firstIndex)
    {
        foreach (var idx in _dirty.Keys.Where(i => i >= firstIndex).ToList())
        {
            _budget.Release(_dirty[idx].Length);
            _dirty.Remove(idx);
        }
        HasDirtyBlocks = _dirty.Count > 0;
    }

    /// <summary>Copies <paramref name="data"/> into the buffer at <paramref name="offset"/>.</summary>
    public async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, bool killPrivileges, CancellationToken ct)
    {
        Sync();
        if (data.Length == 0) return;
        long end = offset + data.Length;
        MaterializeInline();
        var (first, last) = _math.Range(offset, data.Length);
        for (ulong idx = first; idx <= last; idx++)
        {
            long blockStart = _math.StartOf(idx);
            int from = (int)Math.Max(0, offset - blockStart);
            int to = (int)Math.Min(_math.BlockSize, end - blockStart);
            if (!_dirty.TryGetValue(idx, out var buf))
            {
                buf = new byte[_math.BlockSize];
                int validOld = _math.ValidLength(idx, _size);
                // Read-modify-write only when the write leaves old bytes of this block in place.
                bool coversOld = from == 0 && to >= validOld;
                if (validOld > 0 && !coversOld)
                {
                    var clean = await LoadCleanAsync(idx, ct).ConfigureAwait(false);
                    clean.AsSpan(0, Math.Min(clean.Length, validOld)).CopyTo(buf);
                }
                AddDirty(idx, buf);
            }
            data.Span.Slice((int)(blockStart + from - offset), to - from).CopyTo(buf.AsSpan(from));
        }
        if (end > _size)
        {
            _size = end;
            _sizeChanged = true;
        }
        _highWater = Math.Max(_highWater, _size);
        MarkModified(killPrivileges);
    }

    private void MarkModified(bool killPrivileges)
    {
        long now = FuseTime.Now.TotalNanoseconds;
        _mtime = now;
        _ctime = now;
        _dataChanged = true;
        _metaDirty = true;
        if (killPrivileges && Permissions.HasPrivilegeBits(_node.Record.Mode)) _killPrivileges = true;
        _generation++;
        UpdateView();
    }

    /// <summary>
    /// Sets the size. Down: drops dirty blocks past the end, zeroes the tail of the last block
    /// (read-modify-write) and schedules the deletion of stored blocks past the end. Up: a hole.
    /// Always updates mtime and ctime.
    /// </summary>
    public async ValueTask TruncateAsync(long newSize, bool killPrivileges, CancellationToken ct)
    {
        Sync();
        if (newSize < _size)
        {
            ulong keep = _math.CountFor(newSize);
            DropDirtyFrom(keep);
            int tail = _math.OffsetIn(newSize);
            ulong t = _math.IndexOf(newSize);
            if (tail != 0)
            {
                if (_dirty.TryGetValue(t, out var buf)) buf.AsSpan(tail).Clear();
                else if (_inline is null && _mayHaveBlocks && _math.ValidLength(t, _size) > tail)
                {
                    var clean = await LoadCleanAsync(t, ct).ConfigureAwait(false);
                    if (BlockMath.TrimmedLength(clean) > tail)
                    {
                        buf = new byte[_math.BlockSize];
                        clean.AsSpan(0, Math.Min(tail, clean.Length)).CopyTo(buf);
                        AddDirty(t, buf);
                    }
                }
            }
            if (_inline is not null && _inline.Length > newSize) _inline = _inline[..(int)newSize];
            if (_mayHaveBlocks) _deleteFrom = Math.Min(_deleteFrom, keep);
            _cache.Invalidate(_node.Id, t);
            _truncated = true;
        }
        else if (newSize > _size && _inline is not null && newSize > _inlineLimit)
        {
            MaterializeInline();
        }
        if (newSize != _size) _sizeChanged = true;
        _size = newSize;
        MarkModified(killPrivileges);
    }

    // ---------------------------------------------------------------- flush

    private long EstimateStored(ulong idx)
    {
        if (_knownStored.TryGetValue(idx, out int known)) return known;
        return _math.ValidLength(idx, _syncedSize);
    }

    private ulong EstimatedStoredBytes()
    {
        if (!_mayHaveBlocks && _size <= _inlineLimit) return (ulong)_size;
        long stored = (long)_storedBytes;
        if (_deleteFrom != ulong.MaxValue) stored = Math.Min(stored, _math.StartOf(_deleteFrom));
        foreach (var idx in _dirty.Keys) stored += Math.Max(0, _math.ValidLength(idx, _size) - EstimateStored(idx));
        return (ulong)Math.Clamp(stored, 0, Math.Max(0, _size));
    }

    private void UpdateView()
    {
        _view = _metaDirty || _dirty.Count > 0
            ? new PendingView(_size, _mtime, _ctime, _atime, _killPrivileges, EstimatedStoredBytes())
            : null;
    }

    /// <summary>
    /// Makes the buffer durable. With <paramref name="dataOnly"/> only the blocks are written
    /// (memory pressure); otherwise the inode is updated too, with <paramref name="extra"/>
    /// (attribute changes of a SETATTR) applied in the same UpdateItem. On a version conflict the
    /// inode is re-read and our changes re-applied on top of the newer record.
    /// Returns 0 or an errno.
    /// </summary>
    public async ValueTask<int> FlushAsync(bool dataOnly, Func<InodeRecord, InodeRecord>? extra, CancellationToken ct)
    {
        if (!HasPending && extra is null) return 0;
        bool inline = !_mayHaveBlocks && _size <= _inlineLimit && _dirty.Keys.All(k => k == 0);
        byte[]? newInline = null;
        ulong stored;
        if (inline)
        {
            if (dataOnly) return 0;
            if (_size > 0)
            {
                newInline = new byte[_size];
                if (_dirty.TryGetValue(0, out var b)) b.AsSpan(0, (int)_size).CopyTo(newInline);
                else _inline?.AsSpan(0, (int)Math.Min(_inline.Length, _size)).CopyTo(newInline);
            }
            stored = (ulong)(newInline?.Length ?? 0);
        }
        else
        {
            if (_deleteFrom != ulong.MaxValue)
            {
                ulong count = _math.CountFor(Math.Max(_highWater, _syncedSize));
                if (count > _deleteFrom)
                    await _blocks.DeleteBlocksAsync(_node.Id, _deleteFrom, count - 1, ct).ConfigureAwait(false);
                _storedBytes = Math.Min(_storedBytes, (ulong)_math.StartOf(_deleteFrom));
                foreach (var k in _knownStored.Keys.Where(k => k >= _deleteFrom).ToList()) _knownStored.Remove(k);
                _deleteFrom = ulong.MaxValue;
            }
            if (_dirty.Count > 0)
            {
                var writes = new Dictionary<ulong, ReadOnlyMemory<byte>>();
                foreach (var (idx, buf) in _dirty)
                {
                    int valid = _math.ValidLength(idx, _size);
                    if (valid > 0) writes[idx] = buf.AsMemory(0, valid);
                }
                if (writes.Count > 0)
                    await _blocks.WriteBlocksAsync(_node.Id, writes, ct).ConfigureAwait(false);
                long delta = 0;
                foreach (var (idx, mem) in writes)
                {
                    int trimmed = BlockMath.TrimmedLength(mem.Span);
                    delta += trimmed - EstimateStored(idx);
                    _knownStored[idx] = trimmed;
                    _cache.Put(_node.Id, idx, _dirty[idx]);
                }
                _storedBytes = (ulong)Math.Max(0, (long)_storedBytes + delta);
                DropDirtyFrom(0);
                _mayHaveBlocks = true;
                _inline = null;
            }
            stored = Math.Min(_storedBytes, (ulong)Math.Max(0, _size));
            if (_size == 0 && _dirty.Count == 0) _mayHaveBlocks = false;
        }
        if (dataOnly)
        {
            UpdateView();
            return 0;
        }

        var baseRecord = _node.Record;
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var updated = Apply(baseRecord, newInline, stored);
            if (extra is not null) updated = extra(updated);
            updated = updated with { Version = baseRecord.Version + 1 };
            var status = await _meta.UpdateInodeAsync(updated, CancellationToken.None).ConfigureAwait(false);
            if (status == StoreStatus.Ok)
            {
                _node.Update(updated);
                ClearPending(updated);
                return 0;
            }
            if (status == StoreStatus.NotFound) { ClearPending(baseRecord); return Errno.ENOENT; }
            if (status != StoreStatus.Conflict) return Errno.EIO;
            var fresh = await _meta.GetInodeAsync(_node.Id, CancellationToken.None).ConfigureAwait(false);
            if (fresh is null) { ClearPending(baseRecord); return Errno.ENOENT; }
            _node.Update(fresh);
            baseRecord = fresh;
        }
        return Errno.EIO;
    }

    /// <summary>Our pending changes applied to <paramref name="b"/> (our record, or a newer one after a conflict).</summary>
    private InodeRecord Apply(InodeRecord b, byte[]? newInline, ulong stored)
    {
        bool dataTouched = _dataChanged || _truncated;
        ulong size = !_sizeChanged ? b.Size : _truncated ? (ulong)_size : Math.Max((ulong)_size, b.Size);
        return b with
        {
            Size = size,
            ModifyTimeNs = _mtime is { } m ? Math.Max(m, b.ModifyTimeNs) : b.ModifyTimeNs,
            ChangeTimeNs = _ctime is { } c ? Math.Max(c, b.ChangeTimeNs) : b.ChangeTimeNs,
            AccessTimeNs = _atime ?? b.AccessTimeNs,
            Mode = _killPrivileges ? Permissions.KillSuidGid(b.Mode) : b.Mode,
            InlineData = dataTouched ? newInline : b.InlineData,
            StoredBytes = dataTouched ? stored : b.StoredBytes,
        };
    }

    private void ClearPending(InodeRecord stored)
    {
        _metaDirty = _sizeChanged = _truncated = _dataChanged = _killPrivileges = false;
        _mtime = _ctime = _atime = null;
        DropDirtyFrom(0);
        Load(stored);
        UpdateView();
    }

    /// <summary>Forgets unflushed changes (the inode is being deleted).</summary>
    public void Discard()
    {
        _metaDirty = _sizeChanged = _truncated = _dataChanged = _killPrivileges = false;
        _mtime = _ctime = _atime = null;
        DropDirtyFrom(0);
        _deleteFrom = ulong.MaxValue;
        _cache.Invalidate(_node.Id);
        UpdateView();
    }

    // ---------------------------------------------------------------- holes

    /// <summary>Granularity of SEEK_DATA/SEEK_HOLE answers inside a block (the page size, as local file systems report).</summary>
    private const int SeekPage = 4096;

    /// <summary>
    /// SEEK_DATA (3) / SEEK_HOLE (4) from <paramref name="offset"/>. Absent blocks are holes;
    /// inside a stored or dirty block, a page that is all zeros also counts as a hole (it reads
    /// as zeros, which is all a hole promises). ENXIO at or past end of file.
    /// </summary>
    public async ValueTask<FuseResult<long>> SeekAsync(long offset, int whence, CancellationToken ct)
    {
        Sync();
        if (offset < 0 || offset >= _size) return FuseResult<long>.Fail(Errno.ENXIO);
        ulong first = _math.IndexOf(offset), last = _math.CountFor(_size) - 1;
        var present = new SortedSet<ulong>(_dirty.Keys.Where(k => k >= first && k <= last));
        if (_inline is not null) { if (_inline.Length > 0 && first == 0) present.Add(0); }
        else if (_mayHaveBlocks && _deleteFrom > first)
        {
            ulong listTo = _deleteFrom == ulong.MaxValue ? last : Math.Min(last, _deleteFrom - 1);
            foreach (var k in await _blocks.ListBlocksAsync(_node.Id, first, listTo, ct).ConfigureAwait(false))
                if (k >= first && k <= listTo) present.Add(k);
        }

        // The first page at or after offset in block k whose data-ness is `wantData`, or -1.
        async ValueTask<long> ScanAsync(ulong k, bool wantData)
        {
            byte[] content = _dirty.TryGetValue(k, out var d) ? d
                : _inline is not null ? (k == 0 ? _inline : [])
                : await LoadCleanAsync(k, ct).ConfigureAwait(false);
            long blockStart = _math.StartOf(k);
            int valid = _math.ValidLength(k, _size);
            int page = k == first ? _math.OffsetIn(offset) / SeekPage * SeekPage : 0;
            for (; page < valid; page += SeekPage)
            {
                int end = Math.Min(Math.Min(page + SeekPage, valid), content.Length);
                bool isData = end > page && content.AsSpan(page, end - page).IndexOfAnyExcept((byte)0) >= 0;
                if (isData == wantData) return Math.Max(offset, blockStart + page);
            }
            return -1;
        }

        if (whence == 3)
        {
            foreach (var k in present)
            {
                long pos = await ScanAsync(k, wantData: true).ConfigureAwait(false);
                if (pos >= 0) return pos;
            }
            return FuseResult<long>.Fail(Errno.ENXIO);
        }
        for (ulong k = first; k <= last; k++)
        {
            if (!present.Contains(k)) return Math.Max(offset, _math.StartOf(k));
            long pos = await ScanAsync(k, wantData: false).ConfigureAwait(false);
            if (pos >= 0) return pos;
        }
        return _size;
    }
}
