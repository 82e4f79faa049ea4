namespace DynamoFS.DynamoDb.Requests;

/// <summary>The DynamoDB API calls the store makes, for capacity accounting and latency emulation.</summary>
public enum RequestKind
{
    GetItem,
    BatchGetItem,
    Query,
    PutItem,
    UpdateItem,
    DeleteItem,
    BatchWriteItem,
    TransactWriteItems,
}
