using System.Runtime.InteropServices;

namespace DynamoFS.Fuse.Abi;

// Fixed-size reply bodies that follow fuse_out_header.

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseInitOut
{
    public const int Size = 64;
    public uint Major;
    public uint Minor;
    public uint MaxReadahead;
    public uint Flags;
    public ushort MaxBackground;
    public ushort CongestionThreshold;
    public uint MaxWrite;
    public uint TimeGran;
    public ushort MaxPages;
    public ushort MapAlignment;
    public uint Flags2;
    public uint MaxStackDepth;
    public ushort RequestTimeout;
    // u16 unused[11] follows.
}

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseOpenOut { public const int Size = 16; public ulong Fh; public uint OpenFlags; public int BackingId; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseWriteOut { public const int Size = 8; public uint WriteSize; public uint Padding; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseStatfsOut
{
    public const int Size = 80;
    public ulong Blocks;
    public ulong Bfree;
    public ulong Bavail;
    public ulong Files;
    public ulong Ffree;
    public uint Bsize;
    public uint NameLen;
    public uint Frsize;
    public uint Padding;
    // u32 spare[6] follows.
}

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseGetXattrOut { public const int Size = 8; public uint ValueSize; public uint Padding; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseLkOut { public const int Size = 24; public FuseFileLock Lk; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseLseekOut { public const int Size = 8; public ulong Offset; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseNotifyInvalInodeOut { public const int Size = 24; public ulong Ino; public long Off; public long Len; }

/// <summary>Followed by the name and a NUL.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseNotifyInvalEntryOut { public const int Size = 16; public ulong Parent; public uint NameLen; public uint Flags; }

/// <summary>Followed by the name and a NUL.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseNotifyDeleteOut { public const int Size = 24; public ulong Parent; public ulong Child; public uint NameLen; public uint Padding; }
