namespace DynamoFS.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: DynamoFS.Benchmarks <protocol|...>");
        return 2;
    }
}
