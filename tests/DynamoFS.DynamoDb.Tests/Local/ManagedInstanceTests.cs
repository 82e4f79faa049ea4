using DynamoFS.DynamoDb.Local;

namespace DynamoFS.DynamoDb.Tests.Local;

/// <summary>The per-user instance behind local: URLs, run here with a private data directory.</summary>
public sealed class ManagedInstanceTests
{
    [Fact]
    public async Task Starts_detached_is_reused_and_stops_by_its_pid()
    {
        var data = Path.Combine(Path.GetTempPath(), $"dynamofs-local-{Guid.NewGuid():N}");
        var managed = new ManagedDynamoDbLocal(data);
        try
        {
            Assert.Equal(ManagedInstanceState.Stopped, (await managed.GetStatusAsync()).State);

            var started = await managed.EnsureRunningAsync();
            Assert.Equal(ManagedInstanceState.Running, started.State);
            Assert.Contains(DynamoDbLocalInstallation.LauncherClass, await File.ReadAllTextAsync($"/proc/{started.ProcessId}/cmdline"));

            // A second caller (another CLI process, in real life) finds it instead of starting another.
            var reused = await new ManagedDynamoDbLocal(data).EnsureRunningAsync();
            Assert.Equal(started.ProcessId, reused.ProcessId);
            Assert.Equal(started.Port, reused.Port);

            // Tables persist in the data directory across a restart.
            using (var client = LocalDynamoDbClientFactory.Create(started.Endpoint!))
            {
                await TransactionTests.CreateTableAsync(client);
            }
            Assert.True(await managed.StopAsync());
            Assert.Equal(ManagedInstanceState.Stopped, (await managed.GetStatusAsync()).State);
            // Gone, or a zombie waiting for an init that reaps lazily: either way no longer running.
            Assert.False(UnixProcess.IsAlive(started.ProcessId!.Value));

            var restarted = await managed.EnsureRunningAsync();
            using (var client = LocalDynamoDbClientFactory.Create(restarted.Endpoint!))
            {
                var tables = await client.ListTablesAsync();
                Assert.Single(tables.TableNames);
            }
        }
        finally
        {
            await managed.StopAsync();
            Directory.Delete(data, recursive: true);
        }
    }
}
