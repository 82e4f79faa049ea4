using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Protocol;

/// <summary>
/// A bounds-checked cursor over one request body (the bytes after fuse_in_header, limited to
/// the header's len). Every read reports failure instead of throwing, so a truncated or lying
/// request turns into an EINVAL reply rather than an exception on a reader thread.
/// </summary>
internal ref struct RequestReader
{
    private ReadOnlySpan<byte> _rest;

    public RequestReader(ReadOnlySpan<byte> body) => _rest = body;

    public readonly ReadOnlySpan<byte> Remaining => _rest;

    /// <summary>Reads a fixed-size kernel struct (host byte order, which is the kernel's).</summary>
    public bool TryRead<T>(out T value) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (_rest.Length < size)
        {
            value = default;
            return false;
        }
        value = MemoryMarshal.Read<T>(_rest);
        _rest = _rest[size..];
        return true;
    }

    /// <summary>Reads the first <paramref name="size"/> bytes of a struct whose tail is optional (zeroed).</summary>
    public bool TryReadPrefix<T>(int size, out T value) where T : unmanaged
    {
        value = default;
        if (size > Unsafe.SizeOf<T>() || _rest.Length < size) return false;
        _rest[..size].CopyTo(MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1)));
        _rest = _rest[size..];
        return true;
    }

    /// <summary>
    /// Reads a NUL-terminated file name. Fails when there is no NUL inside the body, the name is
    /// empty, or it is longer than the kernel could ever send (FUSE_NAME_MAX).
    /// </summary>
    public bool TryReadName(out FuseName name)
    {
        name = default;
        if (!TryReadCString(AbiConstants.NameMax, out var bytes) || bytes.Length == 0) return false;
        name = new FuseName(bytes.ToArray());
        return true;
    }

    /// <summary>Reads NUL-terminated bytes of at most <paramref name="maxLength"/> (NUL excluded).</summary>
    public bool TryReadCString(int maxLength, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        int nul = _rest.IndexOf((byte)0);
        if (nul < 0 || nul > maxLength) return false;
        bytes = _rest[..nul];
        _rest = _rest[(nul + 1)..];
        return true;
    }

    /// <summary>Takes exactly <paramref name="count"/> raw bytes.</summary>
    public bool TryReadBytes(int count, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (count < 0 || _rest.Length < count) return false;
        bytes = _rest[..count];
        _rest = _rest[count..];
        return true;
    }
}
