namespace DynamoFS.Fuse.Session;

/// <summary>
/// The kernel's lookup count per node id, kept exactly: +1 for every entry the kernel received
/// with that node id, -n for FORGET. When a count reaches 0 the kernel holds no reference and
/// the file system may drop the node (<see cref="IFuseFileSystem.Forget"/>).
/// Callers add before the reply is written (a FORGET cannot then overtake the increment) and
/// take the increment back if the write fails.
/// </summary>
internal sealed class LookupTable
{
    private readonly Dictionary<ulong, ulong> _counts = [];
    private readonly Lock _lock = new();

    public void Add(ulong nodeId)
    {
        lock (_lock)
        {
            _counts.TryGetValue(nodeId, out ulong count);
            _counts[nodeId] = count + 1;
        }
    }

    /// <summary>Subtracts <paramref name="n"/>; true when the count reached 0 (the node is now forgotten).</summary>
    /// <param name="known">False when the kernel forgot more than it was given (no count, or a count below n): a mismatch worth logging.</param>
    public bool Remove(ulong nodeId, ulong n, out bool known)
    {
        lock (_lock)
        {
            known = _counts.TryGetValue(nodeId, out ulong count);
            if (!known) return false;
            if (count > n)
            {
                _counts[nodeId] = count - n;
                return false;
            }
            _counts.Remove(nodeId);
            known = count == n;
            return true;
        }
    }

    public ulong Get(ulong nodeId)
    {
        lock (_lock) return _counts.TryGetValue(nodeId, out ulong c) ? c : 0;
    }

    public int Count
    {
        get { lock (_lock) return _counts.Count; }
    }

    /// <summary>Empties the table (session end: the kernel dropped every reference) and returns the nodes.</summary>
    public ulong[] Clear()
    {
        lock (_lock)
        {
            var nodes = _counts.Keys.ToArray();
            _counts.Clear();
            return nodes;
        }
    }
}
