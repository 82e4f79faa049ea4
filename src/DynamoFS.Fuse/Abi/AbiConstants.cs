namespace DynamoFS.Fuse.Abi;

/// <summary>Protocol constants that are not opcodes or INIT flags.</summary>
internal static class AbiConstants
{
    /// <summary>The protocol version this implementation speaks.</summary>
    public const uint KernelVersion = 7;
    /// <summary>7.36 brings INIT_EXT/flags2; everything above it changes nothing we use.</summary>
    public const uint KernelMinorVersion = 36;
    /// <summary>
    /// The oldest kernel minor we accept: 7.28 gives RENAME2, time_gran, MAX_PAGES,
    /// CACHE_SYMLINKS and COPY_FILE_RANGE and the 64-byte INIT reply.
    /// </summary>
    public const uint MinimumKernelMinor = 28;

    /// <summary>Set in the unique of an INTERRUPT request (target unique | 1).</summary>
    public const ulong InterruptRequestBit = 1;

    public const uint GetAttrFh = 1;            // FUSE_GETATTR_FH
    public const uint OpenKillSuidGid = 1;      // FUSE_OPEN_KILL_SUIDGID
    public const uint WriteCache = 1;           // FUSE_WRITE_CACHE
    public const uint WriteLockOwner = 2;       // FUSE_WRITE_LOCKOWNER
    public const uint WriteKillSuidGid = 4;     // FUSE_WRITE_KILL_SUIDGID
    public const uint ReadLockOwner = 2;        // FUSE_READ_LOCKOWNER
    public const uint ReleaseFlush = 1;         // FUSE_RELEASE_FLUSH
    public const uint ReleaseFlockUnlock = 2;   // FUSE_RELEASE_FLOCK_UNLOCK
    public const uint FsyncFdatasync = 1;       // FUSE_FSYNC_FDATASYNC
    public const uint LkFlock = 1;              // FUSE_LK_FLOCK
    public const uint InvalEntryExpireOnly = 1; // FUSE_EXPIRE_ONLY

    /// <summary>The kernel refuses names longer than this (FUSE_NAME_MAX).</summary>
    public const int NameMax = 1024;

    /// <summary>Largest xattr value (XATTR_SIZE_MAX); the read buffer must hold it plus a name.</summary>
    public const int XattrSizeMax = 65536;

    /// <summary>The kernel's lower bound for a read() buffer (FUSE_MIN_READ_BUFFER).</summary>
    public const int MinReadBuffer = 8192;
}
