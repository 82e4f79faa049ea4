namespace DynamoFS.DynamoDb.Local;

public enum ManagedInstanceState
{
    /// <summary>No emulator process from our state file is alive.</summary>
    Stopped,
    /// <summary>Alive and answering requests at <see cref="ManagedInstanceStatus.Endpoint"/>.</summary>
    Running,
    /// <summary>The recorded process is alive but does not answer (hung, or still starting elsewhere).</summary>
    NotAnswering,
}

/// <summary>What `dynamofs local status` reports about the per-user DynamoDB Local.</summary>
public sealed record ManagedInstanceStatus(
    ManagedInstanceState State,
    int? ProcessId,
    int? Port,
    string DataDirectory,
    string LogPath)
{
    public Uri? Endpoint => Port is { } port ? new Uri($"http://127.0.0.1:{port}/") : null;
}
