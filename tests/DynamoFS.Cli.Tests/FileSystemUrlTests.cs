namespace DynamoFS.Cli.Tests;

public sealed class FileSystemUrlTests
{
    [Theory]
    [InlineData("aws:us-east-1/Team", null, FileSystemUrlKind.Aws, "Team", "us-east-1")]
    [InlineData("aws:eu-central-2/my.fs-1", null, FileSystemUrlKind.Aws, "my.fs-1", "eu-central-2")]
    [InlineData("aws:us-gov-west-1/T_1", null, FileSystemUrlKind.Aws, "T_1", "us-gov-west-1")]
    [InlineData("local:demo", null, FileSystemUrlKind.Local, "demo", "us-east-1")]
    [InlineData("Team", "http://localhost:8000", FileSystemUrlKind.Endpoint, "Team", "us-east-1")]
    [InlineData("anything/Team", "http://localhost:8000", FileSystemUrlKind.Endpoint, "Team", "us-east-1")]
    [InlineData("aws:eu-west-1/Team", "https://ddb.example.com", FileSystemUrlKind.Endpoint, "Team", "eu-west-1")]
    [InlineData("local:demo", "http://127.0.0.1:8000", FileSystemUrlKind.Endpoint, "demo", "us-east-1")]
    public void Parses(string text, string? endpoint, FileSystemUrlKind kind, string table, string region)
    {
        var url = FileSystemUrl.Parse(text, endpoint);

        Assert.Equal(kind, url.Kind);
        Assert.Equal(table, url.Table);
        Assert.Equal(region, url.Region);
        Assert.Equal(text, url.Text);
        Assert.Equal(endpoint is null ? null : new Uri(endpoint), url.Endpoint);
    }

    [Theory]
    [InlineData("Team", null, "invalid file system URL \"Team\": expected aws:<region>/<table>, local:<name>, or a table with --endpoint URL")]
    [InlineData("aws:Team", null, "invalid file system URL \"aws:Team\": expected aws:<region>/<table>, e.g. aws:us-east-1/Team")]
    [InlineData("aws:us-east-1/", null, "invalid file system URL \"aws:us-east-1/\": expected aws:<region>/<table>, e.g. aws:us-east-1/Team")]
    [InlineData("aws:us-east-1/a/b", null, "invalid file system URL \"aws:us-east-1/a/b\": expected aws:<region>/<table>, e.g. aws:us-east-1/Team")]
    [InlineData("aws:US-EAST-1/Team", null, "invalid file system URL \"aws:US-EAST-1/Team\": expected aws:<region>/<table>, e.g. aws:us-east-1/Team")]
    [InlineData("local:", null, "invalid file system URL \"local:\": expected local:<name> with 3 to 255 characters from A-Z a-z 0-9 _ - . (e.g. local:demo)")]
    [InlineData("local:../etc", null, "invalid file system URL \"local:../etc\": expected local:<name> with 3 to 255 characters from A-Z a-z 0-9 _ - . (e.g. local:demo)")]
    [InlineData("x/", "http://localhost:8000", "invalid file system URL \"x/\": expected <table> or <anything>/<table> after --endpoint")]
    [InlineData("Team", "localhost:8000", "invalid --endpoint \"localhost:8000\": expected http://host:port or https://host")]
    [InlineData("Team", "ftp://host", "invalid --endpoint \"ftp://host\": expected http://host:port or https://host")]
    public void Rejects_with_one_usage_line(string text, string? endpoint, string message)
    {
        var error = Assert.Throws<CliException>(() => FileSystemUrl.Parse(text, endpoint));

        Assert.Equal(message, error.Message);
        Assert.Equal(CliException.UsageError, error.ExitCode);
    }

    [Fact]
    public void Name_is_safe_for_file_names() =>
        Assert.Equal("a_b", FileSystemUrl.Parse("x/a:b", "http://localhost:1").Name);
}
