using System.Runtime.InteropServices;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>Page-aligned native memory: O_DIRECT rejects (EINVAL) buffers that are not block-aligned.</summary>
public sealed unsafe class AlignedBuffer : IDisposable
{
    private byte* _pointer;

    public AlignedBuffer(int length)
    {
        Length = length;
        _pointer = (byte*)NativeMemory.AlignedAlloc((nuint)length, 4096);
        Span.Clear();
    }

    public int Length { get; }
    public nint Address => (nint)_pointer;
    public Span<byte> Span => new(_pointer, Length);

    public void Dispose()
    {
        NativeMemory.AlignedFree(_pointer);
        _pointer = null;
    }
}
