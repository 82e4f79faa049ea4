namespace DynamoFS.Cli;

public enum FileSystemUrlKind
{
    /// <summary>aws:&lt;region&gt;/&lt;table&gt;: real DynamoDB, credentials from the standard AWS chain.</summary>
    Aws,
    /// <summary>local:&lt;name&gt;: the per-user DynamoDB Local this tool starts and keeps.</summary>
    Local,
    /// <summary>--endpoint URL: any DynamoDB-compatible service.</summary>
    Endpoint,
}
