namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>Polling for effects the kernel delivers asynchronously (RELEASE after close, FORGET after eviction).</summary>
public static class Wait
{
    public static async Task<bool> Until(Func<bool> condition, int timeoutMs = 5000)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) return false;
            await Task.Delay(20);
        }
        return true;
    }
}
