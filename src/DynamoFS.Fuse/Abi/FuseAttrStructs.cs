using System.Runtime.InteropServices;

namespace DynamoFS.Fuse.Abi;

/// <summary>struct fuse_attr (88 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseAttr
{
    public const int Size = 88;
    public ulong Ino;
    public ulong FileSize;
    public ulong Blocks;
    public ulong Atime;
    public ulong Mtime;
    public ulong Ctime;
    public uint AtimeNsec;
    public uint MtimeNsec;
    public uint CtimeNsec;
    public uint Mode;
    public uint Nlink;
    public uint Uid;
    public uint Gid;
    public uint Rdev;
    public uint BlkSize;
    public uint Flags;
}

/// <summary>struct fuse_entry_out (128 bytes): the reply of every operation that names a node.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseEntryOut
{
    public const int Size = 128;
    public ulong NodeId;
    public ulong Generation;
    public ulong EntryValid;
    public ulong AttrValid;
    public uint EntryValidNsec;
    public uint AttrValidNsec;
    public FuseAttr Attr;
}

/// <summary>struct fuse_attr_out (104 bytes): GETATTR and SETATTR replies.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseAttrOut
{
    public const int Size = 104;
    public ulong AttrValid;
    public uint AttrValidNsec;
    public uint Dummy;
    public FuseAttr Attr;
}

/// <summary>struct fuse_dirent header (24 bytes, name follows, record padded to 8).</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseDirent
{
    public const int Size = 24;
    public ulong Ino;
    public ulong Off;
    public uint NameLen;
    public uint Type;
}
