using DynamoFS.Posix.Tests.Conformance;

namespace DynamoFS.Posix.Tests.Tools;

public abstract partial class ToolTests<TFs>
{
    [Fact]
    public void DotnetBuild_TinyConsoleProject_BuildsAndRuns()
    {
        var project = Path.Combine(Dir, "hello");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "hello.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            var sum = Enumerable.Range(1, 100).Sum();
            File.WriteAllText("out.txt", $"sum={sum}");
            Console.WriteLine($"hello from DynamoFS test, sum={sum}");
            """);
        var env = ToolEnv();
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        env["DOTNET_NOLOGO"] = "1";
        env["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        env["DOTNET_CLI_HOME"] = Path.Combine(Dir, "home");
        env["MSBUILDDISABLENODEREUSE"] = "1";
        Directory.CreateDirectory(Path.Combine(Dir, "home"));

        // Only the SDK's own packs are needed; the local package folder stands in for a feed.
        var build = ProcessRunner.Run("dotnet",
            ["build", "-c", "Release", "--source", "/opt/nuget/packages", "--disable-build-servers",
             "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            project, env, TimeSpan.FromSeconds(150));
        Assert.True(build.ExitCode == 0, $"dotnet build failed: {build}");

        var dll = Path.Combine(project, "bin", "Release", "net10.0", "hello.dll");
        Assert.True(File.Exists(dll));
        var run = ProcessRunner.Check("dotnet", [dll], project, env);
        Assert.Equal("hello from DynamoFS test, sum=5050", run.StdOut.Trim());
        Assert.Equal("sum=5050", File.ReadAllText(Path.Combine(project, "out.txt")));
    }
}
