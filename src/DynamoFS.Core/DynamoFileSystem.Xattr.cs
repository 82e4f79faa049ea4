using DynamoFS.Core.Storage;
using DynamoFS.Fuse;

namespace DynamoFS.Core;

// Extended attributes: user.*, trusted.* (root only) and security.*; system.* (ACLs) is not supported.
public sealed partial class DynamoFileSystem
{
    /// <summary>XATTR_SIZE_MAX: the largest value Linux passes.</summary>
    private const int MaxXattrValue = 64 * 1024;

    private enum XattrNamespace { User, Trusted, Security, Unsupported }

    private static readonly byte[] SecurityCapability = "security.capability"u8.ToArray();

    private static XattrNamespace Classify(ReadOnlySpan<byte> name)
    {
        if (name.StartsWith("user."u8) && name.Length > 5) return XattrNamespace.User;
        if (name.StartsWith("trusted."u8) && name.Length > 8) return XattrNamespace.Trusted;
        if (name.StartsWith("security."u8) && name.Length > 9) return XattrNamespace.Security;
        return XattrNamespace.Unsupported; // system.* (POSIX ACLs) and unknown prefixes
    }

    /// <summary>
    /// xattr_permission: trusted.* is root's; user.* lives only on regular files and directories
    /// (and in sticky directories only the owner may change it) and follows the mode bits;
    /// writing security.* needs root. Missing rights read as "no such attribute".
    /// </summary>
    private static int CheckXattrAccess(InodeRecord r, in Caller caller, XattrNamespace ns, bool write)
    {
        switch (ns)
        {
            case XattrNamespace.Trusted:
                return caller.IsRoot ? 0 : write ? Errno.EPERM : Errno.ENODATA;
            case XattrNamespace.Security:
                return write && !caller.IsRoot ? Errno.EPERM : 0;
            case XattrNamespace.User:
                if (!FileMode.IsRegular(r.Mode) && !FileMode.IsDirectory(r.Mode)) return write ? Errno.EPERM : Errno.ENODATA;
                if (write && FileMode.IsDirectory(r.Mode) && (r.Mode & FileMode.Sticky) != 0 && !Permissions.IsOwnerOrRoot(r, caller)) return Errno.EPERM;
                return Permissions.MayAccess(r, caller, write ? Permissions.Write : Permissions.Read) ? 0 : Errno.EACCES;
            default:
                return Errno.EOPNOTSUPP;
        }
    }

    private static int ValidateXattrName(FuseName name) =>
        name.Length == 0 || name.Length > NameRules.MaxNameBytes ? Errno.ERANGE : 0;

    public ValueTask<int> SetXattr(FuseContext ctx, ulong nodeId, FuseName name, ReadOnlyMemory<byte> value, int flags) => RunStatus("setxattr", ctx, async () =>
    {
        int e = ValidateXattrName(name);
        if (e != 0) return e;
        if (value.Length > MaxXattrValue) return Errno.E2BIG;
        if ((flags & ~3) != 0 || flags == 3) return Errno.EINVAL;
        var ns = Classify(name.Span);
        if (ns == XattrNamespace.Unsupported) return Errno.EOPNOTSUPP;
        if (_options.ReadOnly) return Errno.EROFS;
        var node = await GetNodeAsync(nodeId, ctx.Cancellation).ConfigureAwait(false);
        if (node is null) return Errno.ENOENT;
        e = CheckXattrAccess(node.Effective, Caller.From(ctx), ns, write: true);
        if (e != 0) return e;
        var nameBytes = name.Span.ToArray();
        if (nameBytes.AsSpan().SequenceEqual(SecurityCapability)) node.NoCapability = false;
        var status = await _meta.SetXattrAsync(nodeId, nameBytes, value, flags, CancellationToken.None).ConfigureAwait(false);
        if (status == StoreStatus.NotFound) return Errno.ENODATA;
        if (status != StoreStatus.Ok) return ErrnoOf(status);
        return await TouchChangeTimeAsync(node).ConfigureAwait(false);
    });

    public ValueTask<FuseResult<byte[]>> GetXattr(FuseContext ctx, ulong nodeId, FuseName name) => Run("getxattr", ctx, async () =>
    {
        int e = ValidateXattrName(name);
        if (e != 0) return Fail<byte[]>(e);
        var ns = Classify(name.Span);
        if (ns == XattrNamespace.Unsupported) return Fail<byte[]>(Errno.EOPNOTSUPP);
        bool capability = name.Span.SequenceEqual(SecurityCapability);
        var node = _nodes.Find(nodeId);
        // The kernel asks for security.capability before every write to a file: answer from memory.
        if (capability && node is { NoCapability: true }) return Fail<byte[]>(Errno.ENODATA);
        node ??= await GetNodeAsync(nodeId, ctx.Cancellation).ConfigureAwait(false);
        if (node is null) return Fail<byte[]>(Errno.ENOENT);
        var record = await GetRecordAsync(nodeId, ctx.Cancellation).ConfigureAwait(false) ?? node.Effective;
        e = CheckXattrAccess(record, Caller.From(ctx), ns, write: false);
        if (e != 0) return Fail<byte[]>(e);
        var value = await _meta.GetXattrAsync(nodeId, name.Span.ToArray(), ctx.Cancellation).ConfigureAwait(false);
        if (value is null)
        {
            if (capability) node.NoCapability = true;
            return Fail<byte[]>(Errno.ENODATA);
        }
        return value;
    });

    public ValueTask<FuseResult<byte[]>> ListXattr(FuseContext ctx, ulong nodeId) => Run("listxattr", ctx, async () =>
    {
        var record = await GetRecordAsync(nodeId, ctx.Cancellation).ConfigureAwait(false);
        if (record is null) return Fail<byte[]>(Errno.ENOENT);
        var caller = Caller.From(ctx);
        var names = await _meta.ListXattrsAsync(nodeId, ctx.Cancellation).ConfigureAwait(false);
        using var ms = new MemoryStream();
        foreach (var n in names)
        {
            // trusted.* names are visible to root only, as on Linux.
            if (Classify(n) == XattrNamespace.Trusted && !caller.IsRoot) continue;
            ms.Write(n);
            ms.WriteByte(0);
        }
        return ms.ToArray();
    });

    public ValueTask<int> RemoveXattr(FuseContext ctx, ulong nodeId, FuseName name) => RunStatus("removexattr", ctx, async () =>
    {
        int e = ValidateXattrName(name);
        if (e != 0) return e;
        var ns = Classify(name.Span);
        if (ns == XattrNamespace.Unsupported) return Errno.EOPNOTSUPP;
        if (_options.ReadOnly) return Errno.EROFS;
        var node = await GetNodeAsync(nodeId, ctx.Cancellation).ConfigureAwait(false);
        if (node is null) return Errno.ENOENT;
        e = CheckXattrAccess(node.Effective, Caller.From(ctx), ns, write: true);
        if (e != 0) return e;
        var status = await _meta.RemoveXattrAsync(nodeId, name.Span.ToArray(), CancellationToken.None).ConfigureAwait(false);
        if (status == StoreStatus.NotFound) return Errno.ENODATA;
        if (status != StoreStatus.Ok) return ErrnoOf(status);
        return await TouchChangeTimeAsync(node).ConfigureAwait(false);
    });

    /// <summary>An xattr change is an inode change: advance ctime.</summary>
    private ValueTask<int> TouchChangeTimeAsync(Node node)
    {
        long now = NowNs();
        return UpdateAttributesAsync(node, r => r with { ChangeTimeNs = Math.Max(now, r.ChangeTimeNs) });
    }
}
