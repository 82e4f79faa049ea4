using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// FORGET and BATCH_FORGET: when the kernel evicts inodes (here forced through drop_caches) the
/// session must pass the lookup counts down and call Forget, so unlinked nodes can be freed.
/// </summary>
public sealed class ForgetTests
{
    [Fact]
    public async Task EvictedInodesAreForgotten()
    {
        // One reader: forgets queued while it is busy pile up and go out as one BATCH_FORGET.
        var options = new FuseMountOptions { FsName = "memfs-test", Subtype = "memfs", ReaderThreads = 1 };
        await using var m = await MemoryMount.StartAsync(options: options, traceOpcodes: true);
        const int files = 1000;
        await m.Run(() =>
        {
            Sys.Mkdir(m["many"]).Check();
            for (int i = 0; i < files; i++)
            {
                int fd = (int)Sys.Open(m[$"many/f{i}"], Sys.OWrOnly | Sys.OCreat).Check();
                Sys.Close(fd).Check();
                Sys.Stat(m[$"many/f{i}"], out _).Check();
            }
            // Unlinked but still known to the kernel: the node may only go once it is forgotten.
            for (int i = 0; i < files / 2; i++) Sys.Unlink(m[$"many/f{i}"]).Check();
        });
        // An unlinked inode is evicted (and forgotten) as soon as its last dentry goes, so the
        // unlinked half is freed without any help; the linked half stays cached in the kernel.
        Assert.True(await Wait.Until(() => m.Fs.NodeCount == 2 + files / 2), $"{m.Fs.NodeCount} nodes in memory");
        int forgetsBefore = m.Fs.Calls.Count(Op.Forget);

        // drop_caches is best effort (it stops once a pass frees little, and other tests churn
        // the caches too), so repeat it until the kernel has let go of every linked inode.
        Assert.True(await Wait.Until(() =>
            {
                DropCaches();
                return m.Fs.Calls.Count(Op.Forget) - forgetsBefore >= files / 2;
            }, 15_000),
            $"only {m.Fs.Calls.Count(Op.Forget) - forgetsBefore} Forget calls after drop_caches");
        Assert.Equal(2 + files / 2, m.Fs.NodeCount); // forgotten but linked nodes stay: they are the data
        // Mass eviction queues many forgets at once, which the kernel sends as BATCH_FORGET.
        Assert.True(m.Trace!.Count("BatchForget") > 0, $"FORGET {m.Trace.Count("Forget")}, BATCH_FORGET {m.Trace.Count("BatchForget")}");

        // Forgotten but still linked: the kernel can look them up again.
        await m.Run(() => Sys.Stat(m[$"many/f{files - 1}"], out _).Check());
    }

    /// <summary>Frees unused dentries and inodes system-wide ("2"), which evicts the mount's idle inodes.</summary>
    internal static void DropCaches() => File.WriteAllText("/proc/sys/vm/drop_caches", "2");
}
