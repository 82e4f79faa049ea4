namespace DynamoFS.Cli.Mounting;

/// <summary>A live mount (FuseMount underneath): serves until unmounted.</summary>
public interface IMountedFileSystem : IAsyncDisposable
{
    /// <summary>Completes when the session ends (unmounted by anyone, or aborted); faults on a session error.</summary>
    Task Completion { get; }

    /// <summary>Unmounts (lazily) and waits for the session to end.</summary>
    Task UnmountAsync();

    /// <summary>Unmounts on SIGINT/SIGTERM/SIGHUP until disposed.</summary>
    IDisposable UnmountOnSignals();
}
