using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace DynamoFS.Benchmarks.Protocol;

/// <summary>
/// `protocol`: our FUSE protocol layer against libfuse3's low-level API, serving the same content,
/// driven by the same C client (libfuse/loadgen.c). Sides alternate within each round (and which
/// goes first alternates between rounds) so drift in the machine hits both alike; the report
/// gives each side's median over the rounds and the ratio ours / libfuse.
/// </summary>
public static class ProtocolBenchmark
{
    private sealed record Workload(string Name, string Mode, int Threads, int Block);

    private static readonly Workload[] Workloads =
    [
        new("stat()", "stat", 1, 0),
        new("stat()", "stat", 4, 0),
        new("4 KiB O_DIRECT read", "read", 1, 4096),
        new("4 KiB O_DIRECT read", "read", 4, 4096),
        new("1 MiB O_DIRECT read", "read", 1, 1 << 20),
        new("1 MiB O_DIRECT read", "read", 2, 1 << 20),
    ];

    private readonly record struct Sample(double OpsPerSecond, double MiBPerSecond);

    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = IntOption(args, "--rounds", 3);
        double seconds = IntOption(args, "--seconds", 3);
        int size = IntOption(args, "--size-mib", 64) << 20;

        var work = Directory.CreateTempSubdirectory("dynamofs-bench-").FullName;
        string root = Path.Combine(work, "mnt");
        Directory.CreateDirectory(root);
        var flags = NativeTools.Run("pkg-config", ["--cflags", "--libs", "fuse3"]);
        string memfs = NativeTools.Compile("memfs_ll.c", Path.Combine(work, "memfs_ll"), flags.Out.Trim());
        string loadgen = NativeTools.Compile("loadgen.c", Path.Combine(work, "loadgen"), "-pthread");
        var fs = new BenchFileSystem(size);

        var samples = new Dictionary<(string Side, Workload W), List<Sample>>();
        Console.Error.WriteLine($"protocol benchmark: {rounds} rounds x {Workloads.Length} workloads x {seconds} s per side");
        for (int round = 0; round < rounds; round++)
        {
            bool oursFirst = round % 2 == 0;
            for (int turn = 0; turn < 2; turn++)
            {
                bool ours = oursFirst == (turn == 0);
                await using IBenchServer server = ours ? await OurServer.StartAsync(root, fs) : LibfuseServer.Start(memfs, root, size);
                string file = Path.Combine(root, "data");
                var verify = NativeTools.Run(loadgen, ["verify", file]);
                if (verify.Code != 0) throw new InvalidOperationException($"{server.Name} served wrong content: {verify.Err}");
                foreach (var w in Workloads)
                {
                    RunLoad(loadgen, file, w, 0.5); // warm-up (and the JIT's tiering for our side)
                    var s = RunLoad(loadgen, file, w, seconds);
                    Console.Error.WriteLine($"  round {round + 1} {server.Name,-22} {w.Name} x{w.Threads}: {s.OpsPerSecond,10:F0} ops/s {s.MiBPerSecond,9:F1} MiB/s");
                    (samples.TryGetValue((server.Name, w), out var list) ? list : samples[(server.Name, w)] = []).Add(s);
                }
            }
        }
        Console.WriteLine(Report(samples, rounds, seconds, size));
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        return 0;
    }

    private static Sample RunLoad(string loadgen, string file, Workload w, double seconds)
    {
        var args = new List<string> { w.Mode, file, seconds.ToString(CultureInfo.InvariantCulture), w.Threads.ToString() };
        if (w.Mode == "read") args.Add(w.Block.ToString());
        var (code, output, err) = NativeTools.Run(loadgen, args);
        if (code != 0) throw new InvalidOperationException($"loadgen {string.Join(' ', args)} failed: {output} {err}");
        var fields = output.Trim().Split(' ').Select(f => f.Split('=')).ToDictionary(kv => kv[0], kv => double.Parse(kv[1], CultureInfo.InvariantCulture));
        double elapsed = fields["seconds"];
        return new Sample(fields["ops"] / elapsed, fields["bytes"] / elapsed / (1 << 20));
    }

    private static string Report(Dictionary<(string Side, Workload W), List<Sample>> samples, int rounds, double seconds, int size)
    {
        const string ours = "DynamoFS.Fuse", theirs = "libfuse3 (low-level)";
        var sb = new StringBuilder();
        sb.AppendLine($"Machine: {Machine()}");
        sb.AppendLine($"Runs: {rounds} rounds, sides alternating, {seconds} s per workload after 0.5 s warm-up; file {size >> 20} MiB; medians shown.");
        sb.AppendLine();
        sb.AppendLine("| workload | client threads | DynamoFS.Fuse | libfuse3 | ours / libfuse |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var w in Workloads)
        {
            var a = Median(samples[(ours, w)]);
            var b = Median(samples[(theirs, w)]);
            string fmt(Sample s) => w.Mode == "read" ? $"{s.OpsPerSecond:F0} req/s, {s.MiBPerSecond:F0} MiB/s" : $"{s.OpsPerSecond:F0} stat/s";
            sb.AppendLine($"| {w.Name} | {w.Threads} | {fmt(a)} | {fmt(b)} | {a.OpsPerSecond / b.OpsPerSecond:F2} |");
        }
        return sb.ToString();
    }

    private static Sample Median(List<Sample> list)
    {
        var sorted = list.OrderBy(s => s.OpsPerSecond).ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Machine()
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        string kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        string libfuse = NativeTools.Run("pkg-config", ["--modversion", "fuse3"]).Out.Trim();
        return $"{cpu}, {Environment.ProcessorCount} cores, Linux {kernel}, {RuntimeInformation.FrameworkDescription}, libfuse {libfuse}";
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
