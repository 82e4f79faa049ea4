using System.Text.RegularExpressions;

namespace DynamoFS.Cli;

/// <summary>
/// Where a file system lives, as users write it: <c>aws:us-east-1/Team</c>, <c>local:demo</c>, or
/// with <c>--endpoint http://host:8000</c> either <c>&lt;anything&gt;/Team</c> or a bare <c>Team</c>.
/// One file system is one table, so every form names a table. Parsing only checks the shape; the
/// service itself judges table names (its message is better than any copy of its rules), except
/// for local names, which also name a log file and so must be plain.
/// </summary>
public sealed partial record FileSystemUrl
{
    public const string DefaultRegion = "us-east-1";

    private FileSystemUrl(FileSystemUrlKind kind, string text, string table, string region, Uri? endpoint)
    {
        Kind = kind;
        Text = text;
        Table = table;
        Region = region;
        Endpoint = endpoint;
    }

    public FileSystemUrlKind Kind { get; }
    /// <summary>The URL as the user wrote it (shown in messages and as the mount's source).</summary>
    public string Text { get; }
    public string Table { get; }
    /// <summary>The region requests are signed for (us-east-1 for local and endpoints unless the URL says otherwise).</summary>
    public string Region { get; }
    /// <summary>The service endpoint for <see cref="FileSystemUrlKind.Endpoint"/>; null otherwise.</summary>
    public Uri? Endpoint { get; }

    /// <summary>A name safe as a file name: for log files and the mount's fsname.</summary>
    public string Name => UnsafeFileNameCharacters().Replace(Table, "_");

    public override string ToString() => Text;

    /// <exception cref="CliException">A usage error (exit 2) whose message shows the accepted forms.</exception>
    public static FileSystemUrl Parse(string text, string? endpoint = null)
    {
        if (endpoint is not null)
        {
            return ParseWithEndpoint(text, endpoint);
        }
        if (text.StartsWith("aws:", StringComparison.Ordinal))
        {
            var match = AwsPattern().Match(text);
            if (!match.Success)
            {
                throw Invalid(text, "expected aws:<region>/<table>, e.g. aws:us-east-1/Team");
            }
            return new FileSystemUrl(FileSystemUrlKind.Aws, text, match.Groups["table"].Value, match.Groups["region"].Value, null);
        }
        if (text.StartsWith("local:", StringComparison.Ordinal))
        {
            var name = text["local:".Length..];
            if (!LocalNamePattern().IsMatch(name))
            {
                throw Invalid(text, "expected local:<name> with 3 to 255 characters from A-Z a-z 0-9 _ - . (e.g. local:demo)");
            }
            return new FileSystemUrl(FileSystemUrlKind.Local, text, name, DefaultRegion, null);
        }
        throw Invalid(text, "expected aws:<region>/<table>, local:<name>, or a table with --endpoint URL");
    }

    private static FileSystemUrl ParseWithEndpoint(string text, string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw CliException.Usage($"invalid --endpoint \"{endpoint}\": expected http://host:port or https://host");
        }
        // "<anything>/<table>": whatever precedes the last slash is the user's label (a region for
        // aws:<region>/<table>, which then also signs the requests).
        var slash = text.LastIndexOf('/');
        var table = slash >= 0 ? text[(slash + 1)..] : text.StartsWith("local:", StringComparison.Ordinal) ? text["local:".Length..] : text;
        if (table.Length == 0)
        {
            throw Invalid(text, "expected <table> or <anything>/<table> after --endpoint");
        }
        var aws = AwsPattern().Match(text);
        var region = aws.Success ? aws.Groups["region"].Value : DefaultRegion;
        return new FileSystemUrl(FileSystemUrlKind.Endpoint, text, table, region, uri);
    }

    private static CliException Invalid(string text, string expected) =>
        CliException.Usage($"invalid file system URL \"{text}\": {expected}");

    // Regions look like us-east-1, eu-central-2, us-gov-west-1, cn-north-1.
    [GeneratedRegex(@"^aws:(?<region>[a-z]{2}(-[a-z]+)+-\d+)/(?<table>[^/]+)$")]
    private static partial Regex AwsPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{3,255}$")]
    private static partial Regex LocalNamePattern();

    [GeneratedRegex(@"[^A-Za-z0-9_.\-]")]
    private static partial Regex UnsafeFileNameCharacters();
}
