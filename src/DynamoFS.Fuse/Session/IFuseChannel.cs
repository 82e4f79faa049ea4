namespace DynamoFS.Fuse.Session;

/// <summary>
/// One connection to the kernel as the session sees it: whole requests in, whole replies out.
/// /dev/fuse in production (<see cref="Native.FuseDeviceChannel"/>); an in-memory fake in tests,
/// so the session's dispatch, lookup counting and interrupt handling run without a kernel.
/// </summary>
internal interface IFuseChannel : IDisposable
{
    /// <summary>Blocks for one request; returns its length, or a negated errno.</summary>
    int Read(Span<byte> buffer);

    /// <summary>Writes one reply or notification in a single call; returns 0 or a positive errno.</summary>
    int Write(ReadOnlySpan<byte> message);

    /// <summary>
    /// A second channel on the same session with its own request queue (FUSE_DEV_IOC_CLONE), or
    /// null when cloning is not possible; replies must go to the channel the request came from.
    /// </summary>
    IFuseChannel? TryClone();
}
