namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// What a system call returned: its value, or the errno it failed with. Tests assert on errno
/// values directly, so no call here throws on failure.
/// </summary>
public readonly record struct SysResult(long Value, int Errno)
{
    public bool Ok => Errno == 0;

    /// <summary>Returns the value, failing with the call's name and errno otherwise.</summary>
    public long Check(string what = "syscall") =>
        Ok ? Value : throw new SysCallException(what, Errno);

    public override string ToString() => Ok ? $"ok({Value})" : $"errno {Errno} ({ErrnoName(Errno)})";

    public static string ErrnoName(int errno) => typeof(DynamoFS.Fuse.Errno).GetFields()
        .FirstOrDefault(f => f.IsLiteral && (int)f.GetRawConstantValue()! == errno)?.Name ?? errno.ToString();
}

public sealed class SysCallException(string what, int errno)
    : Exception($"{what} failed: errno {errno} ({SysResult.ErrnoName(errno)})")
{
    public int Errno { get; } = errno;
}
