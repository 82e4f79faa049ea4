using System.CommandLine;

namespace DynamoFS.Cli.Commands;

/// <summary>Arguments and options several commands share, declared once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Argument<string> Url() => new("URL")
    {
        Description = "The file system: aws:<region>/<table>, local:<name>, or <table> with --endpoint",
    };

    public static Option<string?> Endpoint() => new("--endpoint")
    {
        Description = "A DynamoDB-compatible endpoint (http://host:port); the URL then names just the table",
        HelpName = "URL",
    };

    public static FileSystemUrl ParseUrl(ParseResult result, Argument<string> url, Option<string?> endpoint) =>
        FileSystemUrl.Parse(result.GetRequiredValue(url), result.GetValue(endpoint));
}
