namespace DynamoFS.Fuse.Tests.Memory;

// Extended attributes. The session answers size probes and ERANGE, so these return whole values.
public sealed partial class MemoryFileSystem
{
    private const int XattrCreate = 1, XattrReplace = 2;

    public ValueTask<int> SetXattr(FuseContext ctx, ulong nodeId, FuseName name, ReadOnlyMemory<byte> value, int flags)
    {
        Calls.Record(Op.SetXattr);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Done(Errno.ENOENT);
            bool exists = node.Xattrs.ContainsKey(name);
            if ((flags & XattrCreate) != 0 && exists) return Done(Errno.EEXIST);
            if ((flags & XattrReplace) != 0 && !exists) return Done(Errno.ENODATA);
            node.Xattrs[name] = value.ToArray();
            node.Touch(modified: false);
            return Done();
        }
    }

    public ValueTask<FuseResult<byte[]>> GetXattr(FuseContext ctx, ulong nodeId, FuseName name)
    {
        Calls.Record(Op.GetXattr);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Fail<byte[]>(Errno.ENOENT);
            return node.Xattrs.TryGetValue(name, out var value) ? Ok(value) : Fail<byte[]>(Errno.ENODATA);
        }
    }

    public ValueTask<FuseResult<byte[]>> ListXattr(FuseContext ctx, ulong nodeId)
    {
        Calls.Record(Op.ListXattr);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Fail<byte[]>(Errno.ENOENT);
            var list = new List<byte>();
            foreach (var name in node.Xattrs.Keys)
            {
                list.AddRange(name.Span.ToArray());
                list.Add(0);
            }
            return Ok(list.ToArray());
        }
    }

    public ValueTask<int> RemoveXattr(FuseContext ctx, ulong nodeId, FuseName name)
    {
        Calls.Record(Op.RemoveXattr);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(nodeId, out var node)) return Done(Errno.ENOENT);
            if (!node.Xattrs.Remove(name)) return Done(Errno.ENODATA);
            node.Touch(modified: false);
            return Done();
        }
    }
}
