using System.Diagnostics;

namespace DynamoFS.Benchmarks.Protocol;

/// <summary>Compiles the C side of the benchmark (libfuse/*.c) with gcc into a temp directory.</summary>
internal static class NativeTools
{
    public static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "libfuse");

    public static string Compile(string source, string output, string extraArgs)
    {
        string src = Path.Combine(SourceDirectory, source);
        // pkg-config output is shell syntax; run through sh so $(...) expands as the docs show it.
        string command = $"gcc -O2 -Wall -o '{output}' '{src}' {extraArgs}";
        var (code, _, err) = Run("/bin/sh", ["-c", command]);
        if (code != 0) throw new InvalidOperationException($"`{command}` failed:\n{err}");
        return output;
    }

    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }
}
