using System.Formats.Tar;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// Installs the pinned DynamoDB Local on first use. The emulator is AWS's own jar, shipped inside
/// the npm package amplify-dynamodb-simulator: `npm pack` fetches just that tarball (no dependency
/// tree, no install scripts), we keep only its package/emulator/ folder, then compile the loopback
/// launcher against it.
///
/// Safe to call from many processes at once: the work happens in a temporary sibling directory
/// under a file lock and is renamed into place, and a marker written last makes later calls a
/// single stat. The marker records the launcher's hash so a changed launcher reinstalls.
/// </summary>
public sealed class DynamoDbLocalInstaller
{
    public const string NpmPackage = "amplify-dynamodb-simulator";
    private const string MarkerName = ".installed";
    private const string EmulatorPrefix = "package/emulator/";
    private const string LauncherResource = "LoopbackDynamoDbLocal.java";

    private readonly string? _searchPath;

    /// <param name="installDirectory">Defaults to <see cref="DynamoDbLocalPaths.DefaultInstallDirectory"/>.</param>
    /// <param name="searchPath">Where to look for npm, java and javac; defaults to $PATH (tests pass an empty one).</param>
    public DynamoDbLocalInstaller(string? installDirectory = null, string? searchPath = null)
    {
        InstallDirectory = Path.GetFullPath(installDirectory ?? DynamoDbLocalPaths.DefaultInstallDirectory);
        _searchPath = searchPath;
    }

    public string InstallDirectory { get; }

    private string MarkerPath => Path.Combine(InstallDirectory, MarkerName);

    /// <summary>True when a complete installation of this version and launcher is in place.</summary>
    public bool IsInstalled =>
        File.Exists(MarkerPath) && File.ReadAllText(MarkerPath).Trim() == ExpectedMarker;

    /// <summary>Installs unless already installed; returns the installation either way.</summary>
    public async Task<DynamoDbLocalInstallation> EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        if (IsInstalled)
        {
            return new DynamoDbLocalInstallation(InstallDirectory);
        }

        var parent = Path.GetDirectoryName(InstallDirectory)!;
        Directory.CreateDirectory(parent);
        // A download and a javac run take a while; wait long enough for another process doing them.
        using (await FileLock.AcquireAsync(InstallDirectory + ".lock", TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false))
        {
            // Someone else may have finished while we waited for the lock.
            if (IsInstalled)
            {
                return new DynamoDbLocalInstallation(InstallDirectory);
            }

            var npm = ExternalTool.Require("npm",
                $"Install Node.js 20 with npm (DynamoDB Local is fetched from the npm package {NpmPackage}), or set {DynamoDbLocalPaths.InstallDirectoryVariable} to an existing installation",
                _searchPath);
            var javac = ExternalTool.Require("javac",
                "Install a Java 17 JDK (Debian: apt-get install openjdk-17-jdk-headless) to compile the DynamoDB Local launcher",
                _searchPath);

            var work = Path.Combine(parent, $".install-{Guid.NewGuid():N}");
            try
            {
                var download = Directory.CreateDirectory(Path.Combine(work, "download")).FullName;
                var stage = new DynamoDbLocalInstallation(Directory.CreateDirectory(Path.Combine(work, "stage")).FullName);

                await ExternalTool.RunAsync(npm,
                    ["pack", $"{NpmPackage}@{DynamoDbLocalPaths.PinnedVersion}", "--silent", "--ignore-scripts"],
                    download, $"download {NpmPackage}@{DynamoDbLocalPaths.PinnedVersion} (is the npm registry reachable?)",
                    cancellationToken).ConfigureAwait(false);
                var tarball = Directory.GetFiles(download, "*.tgz").SingleOrDefault()
                    ?? throw new DynamoDbLocalException($"npm pack produced no tarball for {NpmPackage}@{DynamoDbLocalPaths.PinnedVersion}. Check `npm pack` by hand");

                await ExtractEmulatorAsync(tarball, stage.EmulatorDirectory, cancellationToken).ConfigureAwait(false);
                if (!File.Exists(stage.JarPath))
                {
                    throw new DynamoDbLocalException($"{NpmPackage}@{DynamoDbLocalPaths.PinnedVersion} has no emulator/DynamoDBLocal.jar. The package layout changed; pin another version");
                }

                await CompileLauncherAsync(javac, stage, work, cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(stage.Directory, MarkerName), ExpectedMarker + "\n", cancellationToken).ConfigureAwait(false);

                // A leftover from an interrupted or older install (no valid marker) is replaced whole.
                if (Directory.Exists(InstallDirectory))
                {
                    Directory.Delete(InstallDirectory, recursive: true);
                }
                Directory.Move(stage.Directory, InstallDirectory);
            }
            finally
            {
                TryDelete(work);
            }
        }
        return new DynamoDbLocalInstallation(InstallDirectory);
    }

    /// <summary>Copies package/emulator/** out of the npm tarball, refusing paths that climb out.</summary>
    private static async Task ExtractEmulatorAsync(string tarball, string destination, CancellationToken cancellationToken)
    {
        var root = Directory.CreateDirectory(destination).FullName + Path.DirectorySeparatorChar;
        await using var file = File.OpenRead(tarball);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (!entry.Name.StartsWith(EmulatorPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var relative = entry.Name[EmulatorPrefix.Length..];
            if (relative.Length == 0)
            {
                continue;
            }
            var target = Path.GetFullPath(Path.Combine(root, relative));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new DynamoDbLocalException($"the {NpmPackage} tarball has an unsafe path {entry.Name}. Refusing to install it");
            }
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await entry.ExtractToFileAsync(target, overwrite: true, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    // Links and devices have no business in the emulator folder; skipping them is safer than following them.
                    break;
            }
        }
    }

    private static async Task CompileLauncherAsync(string javac, DynamoDbLocalInstallation stage, string work, CancellationToken cancellationToken)
    {
        var sources = Directory.CreateDirectory(Path.Combine(work, "launcher-src")).FullName;
        var source = Path.Combine(sources, LauncherResource);
        await File.WriteAllBytesAsync(source, LauncherSource, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(stage.LauncherDirectory);
        var classPath = string.Join(Path.PathSeparator, stage.JarPath, Path.Combine(stage.LibraryDirectory, "*"));
        await ExternalTool.RunAsync(javac,
            ["-nowarn", "-d", stage.LauncherDirectory, "-cp", classPath, source],
            work, "compile the DynamoDB Local launcher", cancellationToken).ConfigureAwait(false);
    }

    private static byte[] LauncherSource
    {
        get
        {
            using var stream = typeof(DynamoDbLocalInstaller).Assembly.GetManifestResourceStream(LauncherResource)
                ?? throw new InvalidOperationException($"embedded resource {LauncherResource} is missing from the build");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
    }

    /// <summary>Version plus launcher hash: a rebuilt launcher makes old installs incomplete.</summary>
    private static string ExpectedMarker { get; } =
        $"{NpmPackage}@{DynamoDbLocalPaths.PinnedVersion} launcher-sha256:{Convert.ToHexStringLower(SHA256.HashData(LauncherSource))}";

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Only a temporary directory; leaving it is harmless and must not hide the real error.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
