namespace DynamoFS.Fuse;

/// <summary>renameat2(2) flags.</summary>
[Flags]
public enum FuseRenameFlags : uint
{
    None = 0,
    NoReplace = 1, // RENAME_NOREPLACE
    Exchange = 2,  // RENAME_EXCHANGE
    Whiteout = 4,  // RENAME_WHITEOUT
}
