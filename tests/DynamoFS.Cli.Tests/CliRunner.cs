using DynamoFS.Cli.Mounting;
using DynamoFS.DynamoDb.Local;
using DynamoFS.DynamoDb.Tables;
using DynamoFS.TestSupport;

namespace DynamoFS.Cli.Tests;

/// <summary>Runs `dynamofs` in-process with captured output, the stand-in initializer and no log file.</summary>
internal sealed class CliRunner
{
    public IFileSystemInitializer Initializer { get; init; } = new StandInFileSystemInitializer();

    public async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext
        {
            Out = output,
            Error = error,
            Initializer = Initializer,
            Mounter = new UnusedMounter(),
            // Never started by these tests (they use --endpoint); a private path keeps the user's instance out of reach.
            Local = new ManagedDynamoDbLocal(Path.Combine(Path.GetTempPath(), $"dynamofs-cli-tests-{Guid.NewGuid():N}")),
            CommandLogFile = null,
            // The apphost built next to the tests: a background mount re-runs it.
            ExecutablePath = Path.Combine(AppContext.BaseDirectory, "dynamofs"),
        };
        var exitCode = await CliApplication.RunAsync(args, context);
        return (exitCode, output.ToString(), error.ToString());
    }

    private sealed class UnusedMounter : IFileSystemMounter
    {
        public Task<IMountedFileSystem> MountAsync(MountRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("these tests do not mount");
    }
}
