namespace DynamoFS.Fuse;

/// <summary>Mounting or unmounting failed. <see cref="Errno"/> is the Linux errno when one is known (else 0).</summary>
public sealed class FuseMountException : IOException
{
    public FuseMountException(string message, int errno = 0, Exception? inner = null)
        : base(message, inner) => Errno = errno;

    /// <summary>The errno behind the failure (positive), or 0 when there is none (e.g. a helper's exit code).</summary>
    public int Errno { get; }
}
