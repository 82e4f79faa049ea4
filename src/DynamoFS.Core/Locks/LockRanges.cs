using DynamoFS.Fuse;

namespace DynamoFS.Core.Locks;

/// <summary>One held lock: an owner's byte range [Start, End] (inclusive) of one type.</summary>
internal readonly record struct HeldLock(ulong Owner, ulong Start, ulong End, FuseLockType Type, uint Pid)
{
    public bool Overlaps(ulong start, ulong end) => Start <= end && start <= End;

    public FuseLock ToFuseLock() => new(Start, End, Type, Pid);
}

/// <summary>
/// The POSIX record-lock algebra (fcntl F_SETLK): a new lock replaces whatever the same owner
/// held in its range (splitting locks that straddle it), and touching or overlapping ranges of
/// the same owner and type merge, so an owner's locks never overlap one another.
/// </summary>
internal static class LockRanges
{
    /// <summary>End offsets at or beyond OFFSET_MAX all mean "to end of file".</summary>
    public static ulong NormalizeEnd(ulong end) => end >= FuseLock.OffsetMax ? FuseLock.OffsetMax : end;

    public static bool Conflicts(in HeldLock held, ulong owner, ulong start, ulong end, FuseLockType type) =>
        held.Owner != owner && held.Overlaps(start, end) && (held.Type == FuseLockType.Write || type == FuseLockType.Write);

    /// <summary>Applies a lock or unlock of <paramref name="owner"/> to <paramref name="locks"/> (in place).</summary>
    public static void Apply(List<HeldLock> locks, ulong owner, ulong start, ulong end, FuseLockType type, uint pid)
    {
        // Cut [start, end] out of every lock the owner holds.
        for (int i = locks.Count - 1; i >= 0; i--)
        {
            var h = locks[i];
            if (h.Owner != owner || !h.Overlaps(start, end)) continue;
            locks.RemoveAt(i);
            if (h.Start < start) locks.Add(h with { End = start - 1 });
            if (h.End > end) locks.Add(h with { Start = end + 1 });
        }
        if (type == FuseLockType.Unlock) return;

        // Insert the new lock, absorbing adjacent locks of the same owner and type.
        ulong s = start, e = end;
        for (int i = locks.Count - 1; i >= 0; i--)
        {
            var h = locks[i];
            if (h.Owner != owner || h.Type != type) continue;
            bool touchesLeft = h.End != ulong.MaxValue && h.End + 1 == s;
            bool touchesRight = e != ulong.MaxValue && e + 1 == h.Start;
            if (!touchesLeft && !touchesRight) continue;
            locks.RemoveAt(i);
            s = Math.Min(s, h.Start);
            e = Math.Max(e, h.End);
        }
        locks.Add(new HeldLock(owner, s, e, type, pid));
    }
}
