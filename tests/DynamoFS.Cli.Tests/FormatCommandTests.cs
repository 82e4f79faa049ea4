using DynamoFS.DynamoDb.Tables;
using DynamoFS.TestSupport;

namespace DynamoFS.Cli.Tests;

/// <summary>`dynamofs format` end to end against DynamoDB Local (through --endpoint).</summary>
public sealed class FormatCommandTests
{
    [Fact]
    public async Task Creates_the_table_then_is_idempotent_then_refuses_other_settings_without_force()
    {
        var endpoint = (await SharedTestDynamoDb.GetEndpointAsync()).ToString();
        var table = TestTables.UniqueName("cli");
        var cli = new CliRunner();

        var first = await cli.RunAsync("format", table, "--endpoint", endpoint, "--block-size", "64K");
        Assert.Equal((0, $"formatted {table} (table {table}, block size 64K)\n", ""), first);
        using (var client = await SharedTestDynamoDb.CreateClientAsync())
        {
            var description = await new TableManager(client).DescribeAsync(table);
            Assert.NotNull(description);
            Assert.True(TableManager.HasFileSystemKeySchema(description));
        }

        var again = await cli.RunAsync("format", table, "--endpoint", endpoint, "--block-size", "65536");
        Assert.Equal((0, $"{table} is already formatted (block size 64K); nothing to do\n", ""), again);

        var refused = await cli.RunAsync("format", table, "--endpoint", endpoint);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            $"dynamofs: {table} is already formatted with block size 64K, not 128K. Format with the same settings, or add --force to destroy it and format again\n",
            refused.Error);

        var forced = await cli.RunAsync("format", table, "--endpoint", endpoint, "--force");
        Assert.Equal((0, $"destroyed and re-formatted {table} (table {table}, block size 128K)\n", ""), forced);
    }

    [Fact]
    public async Task Destroy_needs_yes_and_then_deletes_the_table()
    {
        var endpoint = (await SharedTestDynamoDb.GetEndpointAsync()).ToString();
        var table = TestTables.UniqueName("cli");
        var cli = new CliRunner();
        Assert.Equal(0, (await cli.RunAsync("format", table, "--endpoint", endpoint)).ExitCode);

        var refused = await cli.RunAsync("destroy", table, "--endpoint", endpoint);
        Assert.Equal((2, "", $"dynamofs: refusing to destroy {table} without --yes. Add --yes to delete table {table} and all its files\n"), refused);

        var destroyed = await cli.RunAsync("destroy", table, "--endpoint", endpoint, "--yes");
        Assert.Equal((0, $"destroyed {table} (table {table} deleted)\n", ""), destroyed);

        var gone = await cli.RunAsync("destroy", table, "--endpoint", endpoint, "--yes");
        Assert.Equal((1, "", $"dynamofs: there is no file system at {table} (no table {table}). Check the URL\n"), gone);
    }

    [Fact]
    public async Task An_invalid_table_name_gets_the_service_message_in_one_line()
    {
        var endpoint = (await SharedTestDynamoDb.GetEndpointAsync()).ToString();

        var (exitCode, output, error) = await new CliRunner().RunAsync("format", "a!", "--endpoint", endpoint);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith("dynamofs: invalid table name \"a!\": ", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }
}
