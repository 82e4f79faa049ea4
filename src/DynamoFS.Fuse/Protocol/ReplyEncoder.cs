using System.Runtime.InteropServices;
using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Protocol;

/// <summary>
/// Encodes replies and notifications into a caller-provided buffer and returns the exact byte
/// count to write. Fixed-size replies have exactly the kernel's struct size; variable replies
/// are sized by the caller, who has already clipped them to the request's size.
/// </summary>
internal static class ReplyEncoder
{
    public static int WriteHeader(Span<byte> dst, int length, int error, ulong unique)
    {
        var header = new FuseOutHeader { Len = (uint)length, Error = error, Unique = unique };
        MemoryMarshal.Write(dst, in header);
        return FuseOutHeader.Size;
    }

    /// <summary>An error reply: the header alone, with the errno negated.</summary>
    public static int Error(Span<byte> dst, ulong unique, int errno) =>
        WriteHeader(dst, FuseOutHeader.Size, -errno, unique);

    /// <summary>A success reply carrying one fixed-size struct.</summary>
    public static int Struct<T>(Span<byte> dst, ulong unique, in T body) where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        dst[..(FuseOutHeader.Size + size)].Clear();
        WriteHeader(dst, FuseOutHeader.Size + size, 0, unique);
        MemoryMarshal.Write(dst[FuseOutHeader.Size..], in body);
        return FuseOutHeader.Size + size;
    }

    /// <summary>A success reply whose data the caller already placed after the header.</summary>
    public static int DataInPlace(Span<byte> dst, ulong unique, int dataLength) =>
        WriteHeader(dst, FuseOutHeader.Size + dataLength, 0, unique) + dataLength;

    /// <summary>A success reply that copies <paramref name="data"/> after the header.</summary>
    public static int Data(Span<byte> dst, ulong unique, ReadOnlySpan<byte> data)
    {
        data.CopyTo(dst[FuseOutHeader.Size..]);
        return DataInPlace(dst, unique, data.Length);
    }

    public static int Entry(Span<byte> dst, ulong unique, in FuseEntry entry) =>
        Struct(dst, unique, ToEntryOut(entry));

    public static int Attr(Span<byte> dst, ulong unique, in FuseAttributeReply reply)
    {
        var (sec, nsec) = SplitTimeout(reply.Timeout);
        var body = new FuseAttrOut { AttrValid = sec, AttrValidNsec = nsec, Attr = ToAttr(reply.Attributes) };
        return Struct(dst, unique, body);
    }

    public static int Open(Span<byte> dst, ulong unique, in FuseOpenReply reply) =>
        Struct(dst, unique, ToOpenOut(reply));

    /// <summary>CREATE: fuse_entry_out followed by fuse_open_out (144 bytes).</summary>
    public static int Create(Span<byte> dst, ulong unique, in FuseCreateReply reply)
    {
        const int length = FuseOutHeader.Size + FuseEntryOut.Size + FuseOpenOut.Size;
        dst[..length].Clear();
        WriteHeader(dst, length, 0, unique);
        var entry = ToEntryOut(reply.Entry);
        var open = ToOpenOut(reply.Open);
        MemoryMarshal.Write(dst[FuseOutHeader.Size..], in entry);
        MemoryMarshal.Write(dst[(FuseOutHeader.Size + FuseEntryOut.Size)..], in open);
        return length;
    }

    public static int WriteSize(Span<byte> dst, ulong unique, uint size) =>
        Struct(dst, unique, new FuseWriteOut { WriteSize = size });

    public static int Statfs(Span<byte> dst, ulong unique, in FuseStatfs s) =>
        Struct(dst, unique, new FuseStatfsOut
        {
            Blocks = s.Blocks,
            Bfree = s.BlocksFree,
            Bavail = s.BlocksAvailable,
            Files = s.Files,
            Ffree = s.FilesFree,
            Bsize = s.BlockSize,
            NameLen = s.NameLength,
            Frsize = s.FragmentSize,
        });

    public static int XattrSize(Span<byte> dst, ulong unique, uint size) =>
        Struct(dst, unique, new FuseGetXattrOut { ValueSize = size });

    public static int Lock(Span<byte> dst, ulong unique, in FuseLock l) =>
        Struct(dst, unique, new FuseLkOut { Lk = new FuseFileLock { Start = l.Start, End = l.End, Type = (uint)l.Type, Pid = l.Pid } });

    public static int Lseek(Span<byte> dst, ulong unique, long offset) =>
        Struct(dst, unique, new FuseLseekOut { Offset = (ulong)offset });

    /// <summary>NOTIFY_INVAL_INODE: offset &lt; 0 drops attributes only.</summary>
    public static int NotifyInvalInode(Span<byte> dst, ulong nodeId, long offset, long length)
    {
        const int total = FuseOutHeader.Size + FuseNotifyInvalInodeOut.Size;
        WriteHeader(dst, total, (int)FuseNotifyCode.InvalInode, 0);
        var body = new FuseNotifyInvalInodeOut { Ino = nodeId, Off = offset, Len = length };
        MemoryMarshal.Write(dst[FuseOutHeader.Size..], in body);
        return total;
    }

    /// <summary>NOTIFY_INVAL_ENTRY: header, struct, name, NUL.</summary>
    public static int NotifyInvalEntry(Span<byte> dst, ulong parent, ReadOnlySpan<byte> name)
    {
        int total = FuseOutHeader.Size + FuseNotifyInvalEntryOut.Size + name.Length + 1;
        WriteHeader(dst, total, (int)FuseNotifyCode.InvalEntry, 0);
        var body = new FuseNotifyInvalEntryOut { Parent = parent, NameLen = (uint)name.Length };
        MemoryMarshal.Write(dst[FuseOutHeader.Size..], in body);
        int at = FuseOutHeader.Size + FuseNotifyInvalEntryOut.Size;
        name.CopyTo(dst[at..]);
        dst[at + name.Length] = 0;
        return total;
    }

    /// <summary>NOTIFY_DELETE: header, struct, name, NUL.</summary>
    public static int NotifyDelete(Span<byte> dst, ulong parent, ulong child, ReadOnlySpan<byte> name)
    {
        int total = FuseOutHeader.Size + FuseNotifyDeleteOut.Size + name.Length + 1;
        WriteHeader(dst, total, (int)FuseNotifyCode.Delete, 0);
        var body = new FuseNotifyDeleteOut { Parent = parent, Child = child, NameLen = (uint)name.Length };
        MemoryMarshal.Write(dst[FuseOutHeader.Size..], in body);
        int at = FuseOutHeader.Size + FuseNotifyDeleteOut.Size;
        name.CopyTo(dst[at..]);
        dst[at + name.Length] = 0;
        return total;
    }

    public static FuseEntryOut ToEntryOut(in FuseEntry e)
    {
        var (entrySec, entryNsec) = SplitTimeout(e.EntryTimeout);
        var (attrSec, attrNsec) = SplitTimeout(e.AttributeTimeout);
        return new FuseEntryOut
        {
            NodeId = e.NodeId,
            Generation = e.Generation,
            EntryValid = entrySec,
            EntryValidNsec = entryNsec,
            AttrValid = attrSec,
            AttrValidNsec = attrNsec,
            Attr = ToAttr(e.Attributes),
        };
    }

    public static FuseOpenOut ToOpenOut(in FuseOpenReply r) => new() { Fh = r.Handle, OpenFlags = (uint)r.Flags };

    public static FuseAttr ToAttr(in FuseAttributes a) => new()
    {
        Ino = a.Inode,
        FileSize = a.Size,
        Blocks = a.Blocks,
        Atime = (ulong)a.AccessTime.Seconds,
        Mtime = (ulong)a.ModifyTime.Seconds,
        Ctime = (ulong)a.ChangeTime.Seconds,
        AtimeNsec = a.AccessTime.Nanoseconds,
        MtimeNsec = a.ModifyTime.Nanoseconds,
        CtimeNsec = a.ChangeTime.Nanoseconds,
        Mode = a.Mode,
        Nlink = a.Links,
        Uid = a.Uid,
        Gid = a.Gid,
        Rdev = a.Rdev,
        BlkSize = a.BlockSize,
    };

    /// <summary>A cache timeout as seconds + nanoseconds; negative means "do not cache".</summary>
    public static (ulong Seconds, uint Nanoseconds) SplitTimeout(TimeSpan t)
    {
        if (t <= TimeSpan.Zero) return (0, 0);
        long ticks = t.Ticks;
        return ((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }
}
