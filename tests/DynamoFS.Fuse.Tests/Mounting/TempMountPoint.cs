using DynamoFS.Fuse.Mounting;

namespace DynamoFS.Fuse.Tests.Mounting;

/// <summary>
/// A fresh directory to mount on. Dispose never leaves a mount behind, even after a failed
/// test: it aborts the connection (so nothing can hang on it) and detaches the mount lazily.
/// </summary>
internal sealed class TempMountPoint : IDisposable
{
    public TempMountPoint()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dynamofs-fuse-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public bool IsMounted => MountTable.FindFuse(Path) is not null;

    public void Dispose()
    {
        for (int i = 0; i < 5 && MountTable.FindFuse(Path) is { } mount; i++)
        {
            MountTable.TryAbortConnection(mount.DeviceMinor);
            try
            {
                FuseMount.Unmount(Path, lazy: true);
            }
            catch (FuseMountException)
            {
            }
        }
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the time is up.</summary>
    public static async Task<bool> WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(25);
        }
        return condition();
    }
}

/// <summary>Mount tests share the kernel and two cores: run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MountCollection
{
    public const string Name = "Mounts";
}
