namespace DynamoFS.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("dynamofs: no commands yet");
        return 2;
    }
}
