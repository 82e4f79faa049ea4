using System.Security.Cryptography;
using DynamoFS.Fuse.Tests.Syscalls;

namespace DynamoFS.Fuse.Tests.Concurrency;

/// <summary>Many threads in the mount at once: every request answered, every byte where it belongs.</summary>
public sealed class ParallelRequestTests
{
    [Fact]
    public async Task SixteenThreadsOfMixedOperationsAllSucceed()
    {
        await using var m = await MemoryMount.StartAsync();
        const int threads = 16, rounds = 40;
        int completed = 0;
        await m.Run(() =>
        {
            Sys.Mkdir(m["shared"]).Check();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var random = new Random(t);
                for (int i = 0; i < rounds; i++)
                {
                    string path = m[$"shared/t{t}-{i}"];
                    var data = new byte[random.Next(1, 200_000)];
                    random.NextBytes(data);
                    int fd = (int)Sys.Open(path, Sys.ORdWr | Sys.OCreat | Sys.OExcl).Check($"create {path}");
                    for (int off = 0; off < data.Length;)
                        off += (int)Sys.PWrite(fd, data.AsSpan(off), off).Check("pwrite");
                    Sys.FStat(fd, out var st).Check("fstat");
                    Assert.Equal((ulong)data.Length, st.Size);
                    Sys.Close(fd).Check("close");

                    Sys.Stat(path, out st).Check("stat");
                    Assert.Equal((ulong)data.Length, st.Size);
                    var back = new byte[data.Length];
                    fd = (int)Sys.Open(path, Sys.ORdOnly).Check("open");
                    for (int off = 0; off < back.Length;)
                    {
                        int n = (int)Sys.PRead(fd, back.AsSpan(off), off).Check("pread");
                        Assert.True(n > 0, "unexpected end of file");
                        off += n;
                    }
                    Sys.Close(fd).Check("close");
                    Assert.Equal(SHA256.HashData(data), SHA256.HashData(back));
                    if (i % 2 == 0) Sys.Unlink(path).Check("unlink");
                    Interlocked.Increment(ref completed);
                }
            });
            Assert.Equal(threads * rounds / 2, Directory.GetFiles(m["shared"]).Length);
        }, timeoutSeconds: 90);
        Assert.Equal(threads * rounds, completed);
    }
}
