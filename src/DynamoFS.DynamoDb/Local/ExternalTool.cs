using System.Diagnostics;
using System.Text;

namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// Finds and runs the external programs DynamoDB Local needs (npm, java, javac). Looking them up on
/// PATH ourselves, before starting anything, turns "No such file or directory" from deep inside
/// Process.Start into a one-line message that says what to install.
/// </summary>
internal static class ExternalTool
{
    /// <summary>The full path of <paramref name="name"/> on <paramref name="searchPath"/> (default: $PATH), or null.</summary>
    public static string? Find(string name, string? searchPath = null)
    {
        searchPath ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Like <see cref="Find"/> but throws the one-line error naming <paramref name="fix"/>.</summary>
    public static string Require(string name, string fix, string? searchPath = null) =>
        Find(name, searchPath) ?? throw new DynamoDbLocalException($"{name} was not found on PATH. {fix}");

    /// <summary>Runs a program to completion; throws with its output when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        string whatFor, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new DynamoDbLocalException($"could not start {program} to {whatFor}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = new StringBuilder().Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false)).ToString();
        if (process.ExitCode != 0)
        {
            var last = LastLine(output);
            throw new DynamoDbLocalException(
                $"{Path.GetFileName(program)} failed to {whatFor} (exit {process.ExitCode}{(last.Length > 0 ? ": " + last : "")})",
                details: output);
        }
        return output;
    }

    /// <summary>The last non-empty line of a tool's output: usually the one that says what went wrong.</summary>
    public static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
