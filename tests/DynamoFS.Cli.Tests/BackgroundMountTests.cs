using DynamoFS.TestSupport;

namespace DynamoFS.Cli.Tests;

/// <summary>
/// The background path of `dynamofs mount`: it re-runs itself detached, and when that child fails
/// before mounting, the parent prints the child's own one-line error (read from the log) and exits 1.
/// (A successful mount needs the wired file system; that is covered by the POSIX suite.)
/// </summary>
public sealed class BackgroundMountTests
{
    [Fact]
    public async Task The_childs_error_line_reaches_the_user()
    {
        var endpoint = (await SharedTestDynamoDb.GetEndpointAsync()).ToString();
        var table = TestTables.UniqueName("nofs");
        var directory = Directory.CreateTempSubdirectory("dynamofs-bgmnt-").FullName;
        var log = Path.Combine(directory + ".log");
        try
        {
            var (exitCode, output, error) = await new CliRunner().RunAsync("mount", table, directory, "--endpoint", endpoint, "--log", log);

            Assert.Equal(1, exitCode);
            Assert.Equal("", output);
            Assert.Equal($"dynamofs: there is no file system at {table} (no table {table}). Create it: dynamofs format {table}\n", error);
            Assert.Contains($"dynamofs: there is no file system at {table}", await File.ReadAllTextAsync(log));
        }
        finally
        {
            Directory.Delete(directory);
            File.Delete(log);
        }
    }
}
