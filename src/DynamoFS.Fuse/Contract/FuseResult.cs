namespace DynamoFS.Fuse;

/// <summary>
/// The outcome of a file-system operation: a value, or a positive errno. Operations return
/// errors as values rather than exceptions because ENOENT and friends are ordinary answers on
/// hot paths (negative lookups, ENODATA for security.capability on every write).
/// </summary>
public readonly struct FuseResult<T>
{
    private readonly T? _value;

    private FuseResult(T? value, int error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>0 on success, otherwise a positive errno (see <see cref="Errno"/>).</summary>
    public int Error { get; }

    public bool IsSuccess => Error == 0;

    public T Value => Error == 0 ? _value! : throw new InvalidOperationException($"No value: errno {Error}");

    public static FuseResult<T> Ok(T value) => new(value, 0);

    public static FuseResult<T> Fail(int errno)
    {
        if (errno <= 0 || errno >= 512) throw new ArgumentOutOfRangeException(nameof(errno), errno, "errno must be in 1..511");
        return new(default, errno);
    }

    public static implicit operator FuseResult<T>(T value) => Ok(value);

    public override string ToString() => IsSuccess ? $"Ok({_value})" : $"errno {Error}";
}
