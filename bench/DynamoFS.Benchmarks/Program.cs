using DynamoFS.Benchmarks.Protocol;

namespace DynamoFS.Benchmarks;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "protocol":
                return await ProtocolBenchmark.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine("usage: DynamoFS.Benchmarks protocol [--rounds N] [--seconds S] [--size-mib M]");
                return 2;
        }
    }
}
