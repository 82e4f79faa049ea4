using DynamoFS.DynamoDb.Local;

namespace DynamoFS.DynamoDb.Tests.Local;

public sealed class InstallerTests
{
    [Fact]
    public async Task Installing_again_reuses_the_installation_without_touching_it()
    {
        var installer = new DynamoDbLocalInstaller();
        var first = await installer.EnsureInstalledAsync();
        var marker = Path.Combine(first.Directory, ".installed");
        var installedAt = File.GetLastWriteTimeUtc(marker);

        // Concurrent callers all get the same complete installation; none reinstalls.
        var again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new DynamoDbLocalInstaller().EnsureInstalledAsync()));

        Assert.All(again, installation => Assert.Equal(first, installation));
        Assert.Equal(installedAt, File.GetLastWriteTimeUtc(marker));
        Assert.True(File.Exists(first.JarPath));
        Assert.True(File.Exists(Path.Combine(first.LauncherDirectory, DynamoDbLocalInstallation.LauncherClass + ".class")));
        Assert.True(installer.IsInstalled);
    }

    [Fact]
    public async Task Concurrent_fresh_installs_produce_one_complete_installation()
    {
        var parent = Directory.CreateTempSubdirectory("dynamofs-install-").FullName;
        var directory = Path.Combine(parent, "2.9.30");
        try
        {
            // Two installers racing on an empty directory: the lock lets one work, the other finds its result.
            var both = await Task.WhenAll(
                Task.Run(() => new DynamoDbLocalInstaller(directory).EnsureInstalledAsync()),
                Task.Run(() => new DynamoDbLocalInstaller(directory).EnsureInstalledAsync()));

            Assert.Equal(both[0], both[1]);
            Assert.True(new DynamoDbLocalInstaller(directory).IsInstalled);
            Assert.True(File.Exists(both[0].JarPath));
            Assert.True(Directory.EnumerateFiles(both[0].LibraryDirectory, "*.jar").Any());
            Assert.True(File.Exists(Path.Combine(both[0].LauncherDirectory, DynamoDbLocalInstallation.LauncherClass + ".class")));
            // Only the installation and its lock remain: no half-written temporary directories.
            Assert.Equal(["2.9.30", "2.9.30.lock"], Directory.EnumerateFileSystemEntries(parent).Select(Path.GetFileName).Order());

            // And it runs: the runner starts it and it answers.
            await using var server = await DynamoDbLocalServer.StartAsync(both[0], new DynamoDbLocalOptions());
            using var client = server.CreateClient();
            await client.ListTablesAsync();
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_npm_is_one_line_naming_the_fix()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"dynamofs-noinstall-{Guid.NewGuid():N}");
        try
        {
            var installer = new DynamoDbLocalInstaller(directory, searchPath: "");

            var error = await Assert.ThrowsAsync<DynamoDbLocalException>(() => installer.EnsureInstalledAsync());

            Assert.StartsWith("npm was not found on PATH. Install Node.js 20", error.Message);
            Assert.DoesNotContain('\n', error.Message);
            Assert.False(installer.IsInstalled);
            Assert.False(Directory.Exists(directory));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            File.Delete(directory + ".lock");
        }
    }
}
