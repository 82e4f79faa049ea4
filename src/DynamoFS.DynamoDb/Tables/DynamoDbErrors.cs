using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace DynamoFS.DynamoDb.Tables;

/// <summary>
/// Turns the AWS SDK's exceptions into one-line <see cref="TableException"/>s that name the fix.
/// The SDK's own texts are written for developers ("Unable to get IAM security credentials from
/// EC2 Instance Metadata Service") and arrive with stack traces; an operator needs to know which
/// variable to set or which IAM permission to grant.
/// </summary>
public static partial class DynamoDbErrors
{
    /// <summary>The one-line error for <paramref name="error"/>, or null when it is not an AWS/network failure we recognise.</summary>
    /// <param name="action">The DynamoDB API action that failed, e.g. "CreateTable" (names the IAM permission).</param>
    public static TableException? Explain(Exception error, string action, string table)
    {
        switch (error)
        {
            case TableException already:
                return already;
            case ResourceInUseException e:
                return new TableException(
                    $"table {table} is busy or already exists ({e.Message}). Wait until its creation or deletion finishes, then retry", e);
            case ResourceNotFoundException e:
                return new TableException($"table {table} does not exist ({e.Message}). Create it with `dynamofs format`", e);
            case LimitExceededException e:
                return new TableException($"DynamoDB limit reached during {action} on {table} ({e.Message}). Wait and retry, or raise the account limit", e);
            case AmazonDynamoDBException e when e.ErrorCode == "AccessDeniedException":
                return new TableException(
                    $"access denied to {PermissionIn(e.Message, action)} on table {table}. Grant that IAM permission to the identity in use (see `aws sts get-caller-identity`)", e);
            case AmazonDynamoDBException e when e.ErrorCode is "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException":
                return new TableException(
                    $"DynamoDB rejected the AWS credentials ({e.Message}). Check AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or refresh the session token", e);
            case AmazonDynamoDBException e when e.ErrorCode == "ValidationException" && TableNamePattern().IsMatch(e.Message):
                return new TableException(
                    $"invalid table name \"{table}\": {e.Message}. Use 3 to 255 characters from A-Z a-z 0-9 _ - .", e);
            case AmazonDynamoDBException e when e.ErrorCode == "ValidationException":
                return new TableException($"DynamoDB rejected {action} on table {table}: {e.Message}. Fix the request or the table settings", e);
            case AmazonServiceException e when e.StatusCode == HttpStatusCode.ServiceUnavailable || (int)e.StatusCode >= 500:
                return new TableException($"DynamoDB failed {action} on {table} ({e.Message}). It is transient; retry", e);
            case AmazonServiceException e:
                return new TableException($"{action} on table {table} failed: {e.ErrorCode ?? e.StatusCode.ToString()}: {e.Message}. Check the table and the credentials' permissions", e);
            case AmazonClientException e when IsMissingCredentials(e):
                return new TableException(
                    "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run `aws configure`, or run on an instance with an IAM role", e);
            case AmazonClientException e when e.Message.Contains("RegionEndpoint", StringComparison.Ordinal):
                return new TableException("no AWS region: name one in the URL, as in aws:us-east-1/<table>", e);
            case HttpRequestException or SocketException or TaskCanceledException or TimeoutException:
                return new TableException($"cannot reach DynamoDB for {action} on {table} ({Innermost(error).Message}). Check the endpoint and the network", error);
            case AmazonClientException e when Innermost(e) is HttpRequestException or SocketException or IOException:
                return new TableException($"cannot reach DynamoDB for {action} on {table} ({Innermost(e).Message}). Check the endpoint and the network", e);
            default:
                return null;
        }
    }

    /// <summary>Runs <paramref name="call"/>, rethrowing recognised failures as one-line <see cref="TableException"/>s.</summary>
    /// A cancellation the caller asked for (<paramref name="cancellationToken"/>) passes through unchanged; an SDK timeout does not.
    public static async Task<T> GuardAsync<T>(string action, string table, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Explain(e, action, table) is { } explained && !ReferenceEquals(explained, e))
        {
            throw explained;
        }
    }

    private static bool IsMissingCredentials(AmazonClientException error) =>
        error.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase)
        && !error.Message.Contains("expired", StringComparison.OrdinalIgnoreCase);

    /// <summary>"dynamodb:CreateTable" from the service's "...is not authorized to perform: dynamodb:CreateTable on resource...".</summary>
    private static string PermissionIn(string message, string action)
    {
        var match = PerformPattern().Match(message);
        return match.Success ? match.Groups[1].Value : $"dynamodb:{action}";
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }
        return error;
    }

    /// <summary>The service says "at 'tableName' failed to satisfy constraint"; DynamoDB Local says "Invalid table/index name".</summary>
    [GeneratedRegex(@"table(/index)?\s?name", RegexOptions.IgnoreCase)]
    private static partial Regex TableNamePattern();

    [GeneratedRegex(@"perform:\s*(dynamodb:[A-Za-z]+)")]
    private static partial Regex PerformPattern();
}
