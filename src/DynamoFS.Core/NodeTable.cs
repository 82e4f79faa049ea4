using System.Collections.Concurrent;
using DynamoFS.Core.Storage;

namespace DynamoFS.Core;

/// <summary>
/// The live nodes, by id. A node stays while the kernel references it or a handle is open on
/// it; Forget and the last Release drop it, so memory follows the kernel's working set.
/// </summary>
internal sealed class NodeTable
{
    private readonly ConcurrentDictionary<ulong, Node> _nodes = new();

    public int Count => _nodes.Count;

    public Node? Find(ulong id) => _nodes.TryGetValue(id, out var n) ? n : null;

    /// <summary>The node for <paramref name="record"/>, created if absent, with the record adopted.</summary>
    public Node GetOrAdd(InodeRecord record)
    {
        var node = _nodes.GetOrAdd(record.Id, static (_, r) => new Node(r), record);
        node.Update(record);
        return node;
    }

    /// <summary>Drops the node when nothing holds it any more (no kernel reference, no handle, no unflushed data).</summary>
    public void TryEvict(Node node)
    {
        if (node.Id == 1) return; // the root is referenced by the mount itself
        if (node.KernelReferenced || Volatile.Read(ref node.OpenHandles) > 0) return;
        if (node.Buffer is { HasPending: true }) return;
        ((ICollection<KeyValuePair<ulong, Node>>)_nodes).Remove(new KeyValuePair<ulong, Node>(node.Id, node));
    }

    public IEnumerable<Node> All => _nodes.Values;
}
