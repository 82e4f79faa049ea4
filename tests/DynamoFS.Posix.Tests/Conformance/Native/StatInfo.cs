namespace DynamoFS.Posix.Tests.Conformance.Native;

/// <summary>A timestamp with nanoseconds, as stored in an inode.</summary>
public readonly record struct Ts(long Sec, uint Nsec) : IComparable<Ts>
{
    public int CompareTo(Ts other) => Sec != other.Sec ? Sec.CompareTo(other.Sec) : Nsec.CompareTo(other.Nsec);
    public static bool operator <(Ts a, Ts b) => a.CompareTo(b) < 0;
    public static bool operator >(Ts a, Ts b) => a.CompareTo(b) > 0;
    public static bool operator <=(Ts a, Ts b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Ts a, Ts b) => a.CompareTo(b) >= 0;
    public override string ToString() => $"{Sec}.{Nsec:D9}";
}

/// <summary>The fields of statx(2) the suite looks at.</summary>
public sealed record StatInfo(
    ulong Ino, uint Mode, uint Nlink, uint Uid, uint Gid, long Size, long Blocks, uint BlockSize,
    Ts Atime, Ts Mtime, Ts Ctime, uint RdevMajor, uint RdevMinor)
{
    /// <summary>Permission bits incl. suid/sgid/sticky.</summary>
    public uint Perm => Mode & 0xFFF;
    public uint Type => Mode & Native.Mode.S_IFMT;
    public bool IsDir => Type == Native.Mode.S_IFDIR;
    public bool IsReg => Type == Native.Mode.S_IFREG;
    public bool IsLink => Type == Native.Mode.S_IFLNK;

    internal static unsafe StatInfo FromStatx(byte* b)
    {
        static Ts T(byte* p) => new(*(long*)p, *(uint*)(p + 8));
        return new StatInfo(
            Ino: *(ulong*)(b + 32), Mode: *(ushort*)(b + 28), Nlink: *(uint*)(b + 16),
            Uid: *(uint*)(b + 20), Gid: *(uint*)(b + 24), Size: *(long*)(b + 40), Blocks: *(long*)(b + 48),
            BlockSize: *(uint*)(b + 4), Atime: T(b + 64), Mtime: T(b + 112), Ctime: T(b + 96),
            RdevMajor: *(uint*)(b + 128), RdevMinor: *(uint*)(b + 132));
    }
}
