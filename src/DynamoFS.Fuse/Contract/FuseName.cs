using System.Text;

namespace DynamoFS.Fuse;

/// <summary>
/// A file name exactly as the kernel sent it: bytes without the terminating NUL. Linux names are
/// bytes, not text; the file system decides how to store them. The bytes are a private copy, so
/// a name may be kept after the request ends.
/// </summary>
public readonly struct FuseName : IEquatable<FuseName>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[]? _bytes;

    public FuseName(byte[] bytes) => _bytes = bytes;

    public static FuseName FromString(string name) => new(Encoding.UTF8.GetBytes(name));

    public ReadOnlySpan<byte> Span => _bytes;
    public ReadOnlyMemory<byte> Memory => _bytes;
    public int Length => _bytes?.Length ?? 0;

    public bool IsDot => Length == 1 && _bytes![0] == (byte)'.';
    public bool IsDotDot => Length == 2 && _bytes![0] == (byte)'.' && _bytes[1] == (byte)'.';

    /// <summary>The name as UTF-8 text, or null when the bytes are not valid UTF-8.</summary>
    public string? TryGetString()
    {
        try { return StrictUtf8.GetString(_bytes ?? []); }
        catch (DecoderFallbackException) { return null; }
    }

    /// <summary>The name as text, with invalid bytes replaced (for logs and messages).</summary>
    public override string ToString() => Encoding.UTF8.GetString(_bytes ?? []);

    public bool Equals(FuseName other) => Span.SequenceEqual(other.Span);
    public override bool Equals(object? obj) => obj is FuseName other && Equals(other);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }
}
