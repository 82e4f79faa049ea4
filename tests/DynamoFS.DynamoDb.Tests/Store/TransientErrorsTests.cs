using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.DynamoDb.Requests;
using Kind = DynamoFS.DynamoDb.Requests.TransientErrors.Kind;

namespace DynamoFS.DynamoDb.Tests.Store;

public sealed class TransientErrorsTests
{
    private static TransactionCanceledException Cancelled(params string[] codes) =>
        new("cancelled") { CancellationReasons = codes.Select(c => new CancellationReason { Code = c }).ToList() };

    [Fact]
    public void Conflicts_and_throttling_are_retried_conditions_are_answers()
    {
        var none = CancellationToken.None;
        Assert.Equal(Kind.Rejected, TransientErrors.Classify(Cancelled("None", "TransactionConflict"), none));
        Assert.Equal(Kind.Throttled, TransientErrors.Classify(Cancelled("ThrottlingError", "None"), none));
        Assert.Equal(Kind.Permanent, TransientErrors.Classify(Cancelled("ConditionalCheckFailed", "TransactionConflict"), none));
        Assert.Equal(Kind.Permanent, TransientErrors.Classify(Cancelled("ValidationError"), none));
        Assert.Equal(Kind.Permanent, TransientErrors.Classify(new ConditionalCheckFailedException("no"), none));
        Assert.Equal(Kind.Throttled, TransientErrors.Classify(new ProvisionedThroughputExceededException("slow down"), none));
        Assert.Equal(Kind.Rejected, TransientErrors.Classify(new TransactionConflictException("busy"), none));
        Assert.Equal(Kind.Ambiguous, TransientErrors.Classify(new AmazonDynamoDBException("boom") { StatusCode = HttpStatusCode.ServiceUnavailable }, none));
        Assert.Equal(Kind.Throttled, TransientErrors.Classify(new AmazonDynamoDBException("t") { ErrorCode = "ThrottlingException", StatusCode = HttpStatusCode.BadRequest }, none));
        Assert.Equal(Kind.Ambiguous, TransientErrors.Classify(new HttpRequestException("reset"), none));
        Assert.Equal(Kind.Ambiguous, TransientErrors.Classify(new TaskCanceledException("sdk timeout"), none));
        Assert.Equal(Kind.Permanent, TransientErrors.Classify(new ResourceNotFoundException("no table"), none));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Equal(Kind.Permanent, TransientErrors.Classify(new OperationCanceledException(cts.Token), cts.Token));
    }
}
