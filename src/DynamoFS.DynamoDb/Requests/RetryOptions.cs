namespace DynamoFS.DynamoDb.Requests;

/// <summary>
/// The one retry budget every DynamoDB call shares: jittered exponential backoff ("full jitter":
/// a uniform delay in [0, min(MaxDelay, BaseDelay·2^attempt)]), bounded by attempts and by
/// elapsed time, after which the store gives up with StorageUnavailableException.
/// </summary>
public sealed record RetryOptions
{
    public int MaxAttempts { get; init; } = 10;
    public TimeSpan MaxElapsed { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(25);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(3);

    public static RetryOptions Default { get; } = new();
}
