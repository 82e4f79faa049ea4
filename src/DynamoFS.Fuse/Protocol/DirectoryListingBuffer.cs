using System.Runtime.InteropServices;
using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Protocol;

/// <summary>
/// The concrete <see cref="DirectoryListing"/>: packs fuse_dirent (READDIR) or fuse_direntplus
/// (READDIRPLUS) records into a reply buffer, each padded to 8 bytes, and refuses a record that
/// would make the reply longer than the kernel's requested size. It remembers the node ids of the
/// plus records that count as lookups, so the session can count them once the reply is sent.
/// </summary>
internal sealed class DirectoryListingBuffer : DirectoryListing
{
    private const int PlusHeaderSize = FuseEntryOut.Size + FuseDirent.Size; // 152
    private readonly Memory<byte> _records;
    private List<ulong>? _lookups;

    /// <param name="records">Where records go (after the out header); its length is the kernel's size.</param>
    public DirectoryListingBuffer(Memory<byte> records, bool plus)
    {
        _records = records;
        IsPlus = plus;
    }

    public override bool IsPlus { get; }

    /// <summary>Bytes of records written so far.</summary>
    public int Length { get; private set; }

    public int Count { get; private set; }

    /// <summary>Node ids that gain one lookup when this reply reaches the kernel.</summary>
    public IReadOnlyList<ulong> Lookups => (IReadOnlyList<ulong>?)_lookups ?? [];

    public static int Align8(int n) => (n + 7) & ~7;

    public override bool TryAdd(ReadOnlySpan<byte> name, ulong inode, uint mode, ulong nextCookie)
    {
        if (IsPlus)
        {
            // A direntplus with nodeid 0 tells the kernel "no attributes for this one"; it is not a lookup.
            var entry = new FuseEntry { Attributes = new FuseAttributes { Inode = inode, Mode = mode } };
            return TryAddPlus(name, entry, nextCookie);
        }
        ValidateName(name, nextCookie);
        int reclen = Align8(FuseDirent.Size + name.Length);
        if (Length + reclen > _records.Length) return false;
        var dst = _records.Span.Slice(Length, reclen);
        dst.Clear();
        var dirent = new FuseDirent { Ino = inode, Off = nextCookie, NameLen = (uint)name.Length, Type = FileMode.DirentType(mode) };
        MemoryMarshal.Write(dst, in dirent);
        name.CopyTo(dst[FuseDirent.Size..]);
        Length += reclen;
        Count++;
        return true;
    }

    public override bool TryAddPlus(ReadOnlySpan<byte> name, in FuseEntry entry, ulong nextCookie)
    {
        ulong ino = entry.Attributes.Inode != 0 ? entry.Attributes.Inode : entry.NodeId;
        if (!IsPlus) return TryAdd(name, ino, entry.Attributes.Mode, nextCookie);
        ValidateName(name, nextCookie);
        int reclen = Align8(PlusHeaderSize + name.Length);
        if (Length + reclen > _records.Length) return false;
        var dst = _records.Span.Slice(Length, reclen);
        dst.Clear();
        var entryOut = ReplyEncoder.ToEntryOut(entry);
        MemoryMarshal.Write(dst, in entryOut);
        var dirent = new FuseDirent { Ino = ino, Off = nextCookie, NameLen = (uint)name.Length, Type = FileMode.DirentType(entry.Attributes.Mode) };
        MemoryMarshal.Write(dst[FuseEntryOut.Size..], in dirent);
        name.CopyTo(dst[PlusHeaderSize..]);
        Length += reclen;
        Count++;
        // The kernel takes a reference for every plus record with a node id, except "." and "..".
        if (entry.NodeId != 0 && !IsDotOrDotDot(name)) (_lookups ??= []).Add(entry.NodeId);
        return true;
    }

    private static bool IsDotOrDotDot(ReadOnlySpan<byte> name) =>
        (name.Length == 1 && name[0] == (byte)'.') || (name.Length == 2 && name[0] == (byte)'.' && name[1] == (byte)'.');

    private static void ValidateName(ReadOnlySpan<byte> name, ulong nextCookie)
    {
        // These are file-system bugs; the kernel would reject the whole reply (EIO) anyway.
        if (name.Length == 0 || name.Length > AbiConstants.NameMax || name.Contains((byte)'/') || name.Contains((byte)0))
            throw new ArgumentException("A directory entry name must be 1..1024 bytes without '/' or NUL.", nameof(name));
        if (nextCookie == 0)
            throw new ArgumentOutOfRangeException(nameof(nextCookie), "A directory cookie must not be 0.");
    }
}
