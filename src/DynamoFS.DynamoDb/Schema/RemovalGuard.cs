namespace DynamoFS.DynamoDb.Schema;

/// <summary>
/// The rmdir guard on a directory inode (attribute "rm", docs/DESIGN.md "rmdir never removes a
/// non-empty directory"): who set it and until when it holds. It expires so that a client that
/// dies between setting it and committing blocks creates in that directory only briefly; the
/// rmdir commit is conditioned on the guard being still its own and unexpired.
/// </summary>
public sealed record RemovalGuard(string Token, long ExpiresUnixMs)
{
    public const string TokenField = "t";
    public const string ExpiryField = "x";

    public bool IsLive(long nowUnixMs) => ExpiresUnixMs > nowUnixMs;
}
