namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// A complete DynamoDB Local installation: the emulator extracted from the npm package and our
/// loopback launcher compiled against it. Layout under <see cref="Directory"/>:
/// <c>emulator/DynamoDBLocal.jar</c>, <c>emulator/DynamoDBLocal_lib/</c>, <c>launcher/LoopbackDynamoDbLocal.class</c>,
/// <c>.installed</c> (the marker written last).
/// </summary>
public sealed record DynamoDbLocalInstallation(string Directory)
{
    public string EmulatorDirectory => Path.Combine(Directory, "emulator");
    public string LibraryDirectory => Path.Combine(EmulatorDirectory, "DynamoDBLocal_lib");
    public string JarPath => Path.Combine(EmulatorDirectory, "DynamoDBLocal.jar");
    public string LauncherDirectory => Path.Combine(Directory, "launcher");

    /// <summary>The class the JVM runs: binds Jetty to 127.0.0.1 instead of every interface.</summary>
    public const string LauncherClass = "LoopbackDynamoDbLocal";

    /// <summary>
    /// The java arguments for one instance on <paramref name="port"/>: in memory when
    /// <paramref name="dataDirectory"/> is null, else persisted there. <paramref name="sharedDb"/>
    /// makes every access key and region see the same tables (otherwise DynamoDB Local keeps one
    /// database per key/region pair, and a client with other dummy credentials sees nothing).
    /// </summary>
    public IReadOnlyList<string> JavaArguments(int port, string? dataDirectory, bool sharedDb)
    {
        var arguments = new List<string>
        {
            // sqlite4java finds its native library here (only needed with -dbPath, harmless otherwise).
            $"-Djava.library.path={LibraryDirectory}",
            // Keep the emulator's memory modest on small machines; it grows on demand.
            "-Xms64m",
            "-cp",
            string.Join(Path.PathSeparator, LauncherDirectory, JarPath, Path.Combine(LibraryDirectory, "*")),
            LauncherClass,
            "-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (dataDirectory is null)
        {
            arguments.Add("-inMemory");
        }
        else
        {
            arguments.Add("-dbPath");
            arguments.Add(dataDirectory);
        }
        if (sharedDb)
        {
            arguments.Add("-sharedDb");
        }
        arguments.Add("-disableTelemetry");
        return arguments;
    }
}
