using Amazon.DynamoDBv2.Model;

namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// Waits until DynamoDB Local answers a real request. The "listening" line only says Jetty is up;
/// a successful ListTables proves the whole request path (signing, sqlite, handlers) works.
/// </summary>
internal static class DynamoDbLocalReadiness
{
    /// <param name="isAlive">False once the process died: stop waiting and report its output.</param>
    /// <param name="output">The process's recent output, quoted in the error.</param>
    public static async Task WaitAsync(Uri endpoint, Func<bool> isAlive, Func<string> output, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var client = LocalDynamoDbClientFactory.Create(endpoint, maxErrorRetry: 0, timeout: TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (!isAlive())
            {
                var text = output();
                throw new DynamoDbLocalException(
                    $"DynamoDB Local exited during startup ({ExternalTool.LastLine(text)}). See its output for the cause",
                    details: text);
            }
            try
            {
                await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Amazon.Runtime.AmazonServiceException e) when (e.StatusCode != 0 && (int)e.StatusCode < 500)
            {
                // It answered, so it is up, but it refuses us: waiting longer will not change that.
                throw new DynamoDbLocalException($"DynamoDB Local at {endpoint} refused the readiness check: {e.Message}", details: output(), inner: e);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                last = e;
            }
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
        var recent = output();
        throw new DynamoDbLocalException(
            $"DynamoDB Local at {endpoint} did not answer within {timeout.TotalSeconds:0} s (last error: {last?.Message ?? "none"}). Check Java 17 and free memory",
            details: recent, inner: last);
    }
}
