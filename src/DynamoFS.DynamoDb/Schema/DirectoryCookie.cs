namespace DynamoFS.DynamoDb.Schema;

/// <summary>
/// The readdir cookie of a name: FNV-1a 64 of its bytes folded to 63 bits (FUSE offsets are
/// signed 64-bit, so the top bit must stay clear). 0 means "from the start" and 1, 2 are the
/// positions after "." and "..", so a hash landing there is moved up by 3. Because the cookie is
/// a pure function of the name, it is also the entry's position in the directory's sort order
/// and stays valid whatever else is added or removed (docs/DESIGN.md, "readdir cookies").
/// </summary>
public static class DirectoryCookie
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    public const ulong Max = long.MaxValue;

    public static ulong Of(ReadOnlySpan<byte> name)
    {
        ulong hash = FnvOffset;
        foreach (byte b in name)
        {
            hash ^= b;
            hash *= FnvPrime;
        }
        // Fold the top bit into the rest instead of dropping it, so all 64 bits contribute.
        ulong folded = (hash & Max) ^ (hash >> 63);
        return folded < 3 ? folded + 3 : folded;
    }
}
