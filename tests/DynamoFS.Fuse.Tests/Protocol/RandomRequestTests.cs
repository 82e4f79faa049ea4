using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>
/// A small deterministic fuzz: random bodies of random lengths for every answered opcode. Each
/// request must get exactly one well-formed reply (whatever its errno) and the session must
/// survive; nothing may throw on a reader thread or hang.
/// </summary>
public class RandomRequestTests
{
    // SETLKW is left out: a well-formed one blocks by design until interrupted.
    private static readonly FuseOpcode[] Answered =
    [
        FuseOpcode.Lookup, FuseOpcode.GetAttr, FuseOpcode.SetAttr, FuseOpcode.ReadLink, FuseOpcode.Symlink, FuseOpcode.MkNod,
        FuseOpcode.MkDir, FuseOpcode.Unlink, FuseOpcode.RmDir, FuseOpcode.Rename, FuseOpcode.Rename2, FuseOpcode.Link,
        FuseOpcode.Open, FuseOpcode.Read, FuseOpcode.Write, FuseOpcode.StatFs, FuseOpcode.Release, FuseOpcode.Fsync,
        FuseOpcode.SetXattr, FuseOpcode.GetXattr, FuseOpcode.ListXattr, FuseOpcode.RemoveXattr, FuseOpcode.Flush,
        FuseOpcode.OpenDir, FuseOpcode.ReadDir, FuseOpcode.ReadDirPlus, FuseOpcode.ReleaseDir, FuseOpcode.FsyncDir,
        FuseOpcode.GetLk, FuseOpcode.SetLk, FuseOpcode.Access, FuseOpcode.Create, FuseOpcode.Fallocate, FuseOpcode.Lseek,
        FuseOpcode.CopyFileRange, FuseOpcode.Ioctl, FuseOpcode.Poll, FuseOpcode.SyncFs, FuseOpcode.Statx,
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryRandomRequestGetsOneWellFormedReply(int seed)
    {
        var random = new Random(seed);
        using var h = new SessionHarness(readers: 2);
        for (int i = 0; i < 600; i++)
        {
            var opcode = Answered[random.Next(Answered.Length)];
            var body = new byte[random.Next(0, 300)];
            random.NextBytes(body);
            // Bias towards plausible bodies: sometimes end with a NUL so names parse.
            if (body.Length > 0 && random.Next(2) == 0) body[^1] = 0;
            var reply = h.Send(opcode, (ulong)random.Next(0, 20), body);
            var header = SessionHarness.Header(reply);
            Assert.Equal((uint)reply.Length, header.Len);
            Assert.InRange(header.Error, -511, 0);
            if (header.Error != 0) Assert.Equal(16, reply.Length);
        }
        Assert.Equal(0, FakeChannel.ErrorOf(h.Send(FuseOpcode.GetAttr, 1, new byte[16])));
    }
}
