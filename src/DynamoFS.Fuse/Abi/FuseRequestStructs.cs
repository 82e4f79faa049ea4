using System.Runtime.InteropServices;

namespace DynamoFS.Fuse.Abi;

// Fixed-size request arguments that follow fuse_in_header. Sizes are those of protocol 7.28+
// (older "compat" sizes are not accepted: we refuse kernels older than 7.28 at INIT).

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseInitIn
{
    /// <summary>Kernels before 7.36 send only major, minor, max_readahead and flags.</summary>
    public const int CompatSize = 16;
    public const int Size = 64;
    public uint Major;
    public uint Minor;
    public uint MaxReadahead;
    public uint Flags;
    public uint Flags2;
    // u32 unused[11] follows.
}

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseForgetIn { public const int Size = 8; public ulong Nlookup; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseBatchForgetIn { public const int Size = 8; public uint Count; public uint Dummy; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseForgetOne { public const int Size = 16; public ulong NodeId; public ulong Nlookup; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseGetAttrIn { public const int Size = 16; public uint GetAttrFlags; public uint Dummy; public ulong Fh; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseSetAttrIn
{
    public const int Size = 88;
    public uint Valid;
    public uint Padding;
    public ulong Fh;
    public ulong FileSize;
    public ulong LockOwner;
    public ulong Atime;
    public ulong Mtime;
    public ulong Ctime;
    public uint AtimeNsec;
    public uint MtimeNsec;
    public uint CtimeNsec;
    public uint Mode;
    public uint Unused4;
    public uint Uid;
    public uint Gid;
    public uint Unused5;
}

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseMknodIn { public const int Size = 16; public uint Mode; public uint Rdev; public uint Umask; public uint Padding; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseMkdirIn { public const int Size = 8; public uint Mode; public uint Umask; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseRenameIn { public const int Size = 8; public ulong NewDir; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseRename2In { public const int Size = 16; public ulong NewDir; public uint Flags; public uint Padding; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseLinkIn { public const int Size = 8; public ulong OldNodeId; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseOpenIn { public const int Size = 8; public uint Flags; public uint OpenFlags; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseCreateIn { public const int Size = 16; public uint Flags; public uint Mode; public uint Umask; public uint OpenFlags; }

/// <summary>fuse_read_in: READ, READDIR and READDIRPLUS.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseReadIn
{
    public const int Size = 40;
    public ulong Fh;
    public ulong Offset;
    public uint ReadSize;
    public uint ReadFlags;
    public ulong LockOwner;
    public uint Flags;
    public uint Padding;
}

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseWriteIn
{
    public const int Size = 40;
    public ulong Fh;
    public ulong Offset;
    public uint WriteSize;
    public uint WriteFlags;
    public ulong LockOwner;
    public uint Flags;
    public uint Padding;
}

/// <summary>fuse_release_in: RELEASE and RELEASEDIR.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseReleaseIn { public const int Size = 24; public ulong Fh; public uint Flags; public uint ReleaseFlags; public ulong LockOwner; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseFlushIn { public const int Size = 24; public ulong Fh; public uint Unused; public uint Padding; public ulong LockOwner; }

/// <summary>fuse_fsync_in: FSYNC and FSYNCDIR.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseFsyncIn { public const int Size = 16; public ulong Fh; public uint FsyncFlags; public uint Padding; }

/// <summary>fuse_setxattr_in; only the first 8 bytes (size, flags) unless SETXATTR_EXT was negotiated.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseSetXattrIn
{
    public const int CompatSize = 8;
    public const int Size = 16;
    public uint ValueSize;
    public uint Flags;
    public uint SetXattrFlags;
    public uint Padding;
}

/// <summary>fuse_getxattr_in: GETXATTR and LISTXATTR.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseGetXattrIn { public const int Size = 8; public uint ValueSize; public uint Padding; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseFileLock { public const int Size = 24; public ulong Start; public ulong End; public uint Type; public uint Pid; }

/// <summary>fuse_lk_in: GETLK, SETLK and SETLKW.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseLkIn { public const int Size = 48; public ulong Fh; public ulong Owner; public FuseFileLock Lk; public uint LkFlags; public uint Padding; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseAccessIn { public const int Size = 8; public uint Mask; public uint Padding; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseInterruptIn { public const int Size = 8; public ulong Unique; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseFallocateIn { public const int Size = 32; public ulong Fh; public ulong Offset; public ulong Length; public uint Mode; public uint Padding; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseLseekIn { public const int Size = 24; public ulong Fh; public ulong Offset; public uint Whence; public uint Padding; }

[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct FuseCopyFileRangeIn
{
    public const int Size = 56;
    public ulong FhIn;
    public ulong OffIn;
    public ulong NodeIdOut;
    public ulong FhOut;
    public ulong OffOut;
    public ulong Len;
    public ulong Flags;
}
