using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace DynamoFS.DynamoDb.Requests;

/// <summary>
/// Which failures are worth retrying. Throttling, 5xx, timeouts, dropped connections and
/// transaction conflicts are transient; everything else (a failed condition, a validation
/// error, a missing table) is an answer or a bug and goes straight back to the caller.
/// </summary>
public static class TransientErrors
{
    /// <summary>Cancellation reason codes that mean "try again", not "your condition is false".</summary>
    private static readonly HashSet<string> s_retryableReasons =
        ["None", "TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"];

    public enum Kind
    {
        /// <summary>Not transient: the caller must see it.</summary>
        Permanent,
        /// <summary>Capacity or rate: back off.</summary>
        Throttled,
        /// <summary>The request definitely did not apply (conflict, cancelled transaction): retry it.</summary>
        Rejected,
        /// <summary>We do not know whether it applied (timeout, 5xx, dropped connection).</summary>
        Ambiguous,
    }

    public static Kind Classify(Exception e, CancellationToken ct)
    {
        switch (e)
        {
            case OperationCanceledException when ct.IsCancellationRequested:
                return Kind.Permanent;
            case ConditionalCheckFailedException:
                return Kind.Permanent;
            case TransactionCanceledException tce:
                return tce.CancellationReasons is { } reasons && reasons.All(r => r.Code is null || s_retryableReasons.Contains(r.Code))
                    ? (reasons.Any(r => r.Code is "ThrottlingError" or "ProvisionedThroughputExceeded" or "RequestLimitExceeded") ? Kind.Throttled : Kind.Rejected)
                    : Kind.Permanent;
            case ProvisionedThroughputExceededException or RequestLimitExceededException:
                return Kind.Throttled;
            case TransactionConflictException or TransactionInProgressException:
                return Kind.Rejected;
            case InternalServerErrorException:
                return Kind.Ambiguous;
            case AmazonServiceException ase when ase.ErrorCode is "ThrottlingException" or "Throttling" or "ThrottledException":
                return Kind.Throttled;
            case AmazonServiceException ase when (int)ase.StatusCode >= 500:
                return Kind.Ambiguous;
            case AmazonServiceException ase when ase.StatusCode == (HttpStatusCode)429:
                return Kind.Throttled;
            case HttpRequestException or IOException or SocketException or TimeoutException:
                return Kind.Ambiguous;
            case OperationCanceledException:
                // Cancelled but not by our caller: the SDK's own request timeout.
                return Kind.Ambiguous;
            case AmazonClientException { InnerException: { } inner }:
                return Classify(inner, ct);
            case AmazonServiceException { InnerException: { } inner } when inner is not AmazonServiceException:
                return Classify(inner, ct);
            default:
                return Kind.Permanent;
        }
    }
}
