using Amazon.DynamoDBv2;
using Amazon.Runtime;
using DynamoFS.DynamoDb.Tables;

namespace DynamoFS.DynamoDb.Tests.Tables;

/// <summary>
/// Errors DynamoDB Local cannot produce (it accepts any credentials and grants everything), built
/// the way the SDK reports them from the real service.
/// </summary>
public sealed class DynamoDbErrorsTests
{
    [Fact]
    public void Access_denied_names_the_missing_permission()
    {
        var denied = new AmazonDynamoDBException(
            "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: dynamodb:CreateTable on resource: arn:aws:dynamodb:us-east-1:123456789012:table/Team")
        { ErrorCode = "AccessDeniedException", StatusCode = System.Net.HttpStatusCode.BadRequest };

        var error = DynamoDbErrors.Explain(denied, "CreateTable", "Team");

        Assert.Equal(
            "access denied to dynamodb:CreateTable on table Team. Grant that IAM permission to the identity in use (see `aws sts get-caller-identity`)",
            error!.Message);
    }

    [Fact]
    public void Missing_credentials_say_which_variables_to_set()
    {
        var missing = new AmazonClientException("Failed to resolve AWS credentials. The credential providers used to search for credentials returned the following errors: ...");

        var error = DynamoDbErrors.Explain(missing, "DescribeTable", "Team");

        Assert.StartsWith("no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", error!.Message);
    }

    [Fact]
    public void Unknown_errors_are_left_alone() =>
        Assert.Null(DynamoDbErrors.Explain(new InvalidOperationException("bug"), "PutItem", "Team"));
}
