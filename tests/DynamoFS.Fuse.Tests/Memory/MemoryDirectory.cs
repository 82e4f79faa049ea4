namespace DynamoFS.Fuse.Tests.Memory;

/// <summary>
/// A directory's entries, each with a cookie handed out once from a counter that only grows.
/// A listing resumes "after cookie N", so an entry that stays put is listed exactly once however
/// many entries come and go meanwhile. Cookies 1 and 2 are "." and "..".
/// </summary>
internal sealed class MemoryDirectory
{
    public const ulong FirstEntryCookie = 3;

    private readonly Dictionary<FuseName, DirectoryEntry> _byName = new();
    private readonly SortedDictionary<ulong, DirectoryEntry> _byCookie = new();
    private ulong _nextCookie = FirstEntryCookie;

    public int Count => _byName.Count;

    public bool TryGet(FuseName name, out DirectoryEntry entry) => _byName.TryGetValue(name, out entry!);

    public void Add(FuseName name, MemoryNode node)
    {
        var entry = new DirectoryEntry(name, node, _nextCookie++);
        _byName.Add(name, entry);
        _byCookie.Add(entry.Cookie, entry);
    }

    public void Remove(FuseName name)
    {
        if (_byName.Remove(name, out var entry)) _byCookie.Remove(entry.Cookie);
    }

    /// <summary>RENAME_EXCHANGE keeps both names (and cookies) in place and swaps the nodes behind them.</summary>
    public void Replace(FuseName name, MemoryNode node) => _byName[name].Node = node;

    /// <summary>Entries whose cookie is greater than <paramref name="after"/>, in cookie order.</summary>
    public IEnumerable<DirectoryEntry> After(ulong after)
    {
        // SortedDictionary has no range view; the directories here hold a few thousand entries at most.
        foreach (var (cookie, entry) in _byCookie)
            if (cookie > after) yield return entry;
    }
}

internal sealed class DirectoryEntry(FuseName name, MemoryNode node, ulong cookie)
{
    public FuseName Name { get; } = name;
    public MemoryNode Node { get; set; } = node;
    public ulong Cookie { get; } = cookie;
}
