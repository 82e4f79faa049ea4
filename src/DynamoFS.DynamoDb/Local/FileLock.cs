namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// An exclusive advisory lock between processes, held as long as the object lives. On Linux .NET
/// opens a file with <see cref="FileShare.None"/> under flock(LOCK_EX|LOCK_NB), so the kernel drops
/// the lock when the holder dies: a crashed installer never leaves a stale lock behind.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits (polling, since the flock is non-blocking) until the lock is ours or <paramref name="timeout"/> passes.</summary>
    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new DynamoDbLocalException(
                    $"another dynamofs process has held {path} for {timeout.TotalSeconds:0} s. Wait for it to finish, or stop it",
                    inner: e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
