namespace DynamoFS.DynamoDb.Local;

/// <summary>How to start one DynamoDB Local process.</summary>
public sealed record DynamoDbLocalOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Persist tables here (sqlite files); null keeps everything in memory and loses it on stop.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>One database for every access key and region (DynamoDB Local otherwise separates them).</summary>
    public bool SharedDb { get; init; } = true;

    /// <summary>How long the JVM may take to answer ListTables. Cold JVM start on 2 slow cores is a few seconds.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>The java executable; null finds it on PATH.</summary>
    public string? JavaPath { get; init; }
}
