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

    /// <param name="CpuMicrosPerOp">Server CPU time (user + system, all threads) per client operation:
    /// far steadier than throughput on a shared machine, since waiting for a CPU costs no CPU.</param>
    private readonly record struct Sample(double OpsPerSecond, double MiBPerSecond, double CpuMicrosPerOp);

    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = IntOption(args, "--rounds", 3);
        double seconds = IntOption(args, "--seconds", 3);
        int size = IntOption(args, "--size-mib", 64) << 20;
        // For profiling one side: --side ours|libfuse, --only <mode>-<threads>-<block> (e.g. read-1-4096).
        string sides = StringOption(args, "--side", "both")!;
        string? only = StringOption(args, "--only", null);
        var workloads = Workloads.Where(w => only is null || only == $"{w.Mode}-{w.Threads}-{w.Block}").ToArray();

        var work = Directory.CreateTempSubdirectory("dynamofs-bench-").FullName;
        string root = Path.Combine(work, "mnt");
        Directory.CreateDirectory(root);
        var flags = NativeTools.Run("pkg-config", ["--cflags", "--libs", "fuse3"]);
        string memfs = NativeTools.Compile("memfs_ll.c", Path.Combine(work, "memfs_ll"), flags.Out.Trim());
        string loadgen = NativeTools.Compile("loadgen.c", Path.Combine(work, "loadgen"), "-pthread");
        var fs = new BenchFileSystem(size);

        var samples = new Dictionary<(string Side, Workload W), List<Sample>>();
        Console.Error.WriteLine($"protocol benchmark: {rounds} rounds x {workloads.Length} workloads x {seconds} s per side");
        for (int round = 0; round < rounds; round++)
        {
            bool oursFirst = round % 2 == 0;
            for (int turn = 0; turn < 2; turn++)
            {
                bool ours = oursFirst == (turn == 0);
                if (sides != "both" && (sides == "ours") != ours) continue;
                await using IBenchServer server = ours ? await OurServer.StartAsync(root, fs) : LibfuseServer.Start(memfs, root, size);
                string file = Path.Combine(root, "data");
                var verify = NativeTools.Run(loadgen, ["verify", file]);
                if (verify.Code != 0) throw new InvalidOperationException($"{server.Name} served wrong content: {verify.Err}");
                foreach (var w in workloads)
                {
                    RunLoad(loadgen, file, w, 0.5); // warm-up (and the JIT's tiering for our side)
                    var s = RunLoad(loadgen, file, w, seconds, server.ServerPid);
                    Console.Error.WriteLine($"  round {round + 1} {server.Name,-22} {w.Name} x{w.Threads}: {s.OpsPerSecond,10:F0} ops/s {s.MiBPerSecond,9:F1} MiB/s {s.CpuMicrosPerOp,8:F1} us CPU/op");
                    (samples.TryGetValue((server.Name, w), out var list) ? list : samples[(server.Name, w)] = []).Add(s);
                }
            }
        }
        if (sides == "both") Console.WriteLine(Report(samples, workloads, rounds, seconds, size));
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        return 0;
    }

    private static Sample RunLoad(string loadgen, string file, Workload w, double seconds, int serverPid = 0)
    {
        var cpuBefore = CpuTime(serverPid);
        var args = new List<string> { w.Mode, file, seconds.ToString(CultureInfo.InvariantCulture), w.Threads.ToString() };
        if (w.Mode == "read") args.Add(w.Block.ToString());
        var (code, output, err) = NativeTools.Run(loadgen, args);
        if (code != 0) throw new InvalidOperationException($"loadgen {string.Join(' ', args)} failed: {output} {err}");
        var fields = output.Trim().Split(' ').Select(f => f.Split('=')).ToDictionary(kv => kv[0], kv => double.Parse(kv[1], CultureInfo.InvariantCulture));
        double elapsed = fields["seconds"];
        double cpu = (CpuTime(serverPid) - cpuBefore).TotalMicroseconds;
        return new Sample(fields["ops"] / elapsed, fields["bytes"] / elapsed / (1 << 20), cpu / Math.Max(1, fields["ops"]));
    }

    /// <summary>utime + stime of a process from /proc/PID/stat (clock ticks of 10 ms).</summary>
    private static TimeSpan CpuTime(int pid)
    {
        if (pid == 0) return TimeSpan.Zero;
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from 3 (state) on
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static string Report(Dictionary<(string Side, Workload W), List<Sample>> samples, Workload[] workloads, int rounds, double seconds, int size)
    {
        const string ours = "DynamoFS.Fuse", theirs = "libfuse3 (low-level)";
        var sb = new StringBuilder();
        sb.AppendLine($"Machine: {Machine()}");
        sb.AppendLine($"Runs: {rounds} rounds, sides alternating, {seconds} s per workload after 0.5 s warm-up; file {size >> 20} MiB; medians shown.");
        sb.AppendLine();
        sb.AppendLine("| workload | client threads | DynamoFS.Fuse | libfuse3 | ours / libfuse (throughput) | server CPU per op, ours / libfuse |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var w in workloads)
        {
            var a = Median(samples[(ours, w)]);
            var b = Median(samples[(theirs, w)]);
            string fmt(Sample s) => w.Mode == "read" ? $"{s.OpsPerSecond:F0} req/s, {s.MiBPerSecond:F0} MiB/s" : $"{s.OpsPerSecond:F0} stat/s";
            var ca = Median(samples[(ours, w)].Select(x => x.CpuMicrosPerOp));
            var cb = Median(samples[(theirs, w)].Select(x => x.CpuMicrosPerOp));
            sb.AppendLine($"| {w.Name} | {w.Threads} | {fmt(a)} | {fmt(b)} | **{a.OpsPerSecond / b.OpsPerSecond:F2}** | {ca:F1} us / {cb:F1} us |");
        }
        return sb.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
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

    private static string? StringOption(string[] args, string name, string? fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
