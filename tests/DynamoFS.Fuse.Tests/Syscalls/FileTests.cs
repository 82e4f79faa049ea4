using System.Text;
using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>Regular files through the kernel: CREATE, OPEN, READ, WRITE, SETATTR, GETATTR, FLUSH, RELEASE, FSYNC.</summary>
public sealed class FileTests
{
    [Fact]
    public async Task CreateWriteReadRoundTrips()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            var path = m["hello.txt"];
            int fd = Sys.OpenOrThrow(path, Sys.OWrOnly | Sys.OCreat | Sys.OExcl, 0x1A4);
            Assert.Equal(5, Sys.Write(fd, "hello"u8).Check());
            Assert.Equal(6, Sys.PWrite(fd, " world"u8, 5).Check());
            Assert.True(Sys.Fsync(fd).Ok);
            Assert.True(Sys.FDataSync(fd).Ok);
            Sys.Close(fd).Check();

            Assert.Equal(Errno.EEXIST, Sys.Open(path, Sys.OWrOnly | Sys.OCreat | Sys.OExcl).Errno);
            fd = Sys.OpenOrThrow(path, Sys.ORdOnly);
            var buf = new byte[64];
            int n = (int)Sys.Read(fd, buf).Check();
            Assert.Equal("hello world", Encoding.ASCII.GetString(buf, 0, n));
            Assert.Equal(5, Sys.PRead(fd, buf.AsSpan(0, 5), 6).Check());
            Assert.Equal("world", Encoding.ASCII.GetString(buf, 0, 5));
            Assert.Equal(0, Sys.PRead(fd, buf, 100).Check()); // past end of file
            Sys.FStat(fd, out var st).Check();
            Assert.Equal(11UL, st.Size);
            Assert.Equal(FileMode.Regular, st.Type);
            Assert.Equal(0x1A4u, st.Permissions);
            Sys.Close(fd).Check();
        });
        Assert.True(m.Fs.Calls.Count(Op.Create) >= 1);
        Assert.True(m.Fs.Calls.Count(Op.Flush) >= 2);
        Assert.True(m.Fs.Calls.Count(Op.Fsync) >= 2);
        Assert.True(await Wait.Until(() => m.Fs.Calls.Count(Op.Release) >= 2)); // RELEASE is asynchronous to close(2)
    }

    [Fact]
    public async Task TruncateAndOTruncChangeSizeAndZeroTheTail()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            var path = m["t"];
            File.WriteAllBytes(path, Enumerable.Repeat((byte)'x', 10000).ToArray());
            Sys.Truncate(path, 100).Check();
            Sys.Stat(path, out var st).Check();
            Assert.Equal(100UL, st.Size);
            int fd = Sys.OpenOrThrow(path, Sys.ORdWr);
            Sys.FTruncate(fd, 8192).Check();
            var buf = new byte[8192];
            Assert.Equal(8192, Sys.PRead(fd, buf, 0).Check());
            Assert.All(buf[..100], b => Assert.Equal((byte)'x', b));
            Assert.All(buf[100..], b => Assert.Equal(0, b)); // extension after a shrink reads zeros
            Sys.Close(fd).Check();

            fd = Sys.OpenOrThrow(path, Sys.OWrOnly | Sys.OTrunc);
            Sys.Close(fd).Check();
            Sys.Stat(path, out st).Check();
            Assert.Equal(0UL, st.Size);
            Assert.Equal(Errno.EISDIR, Sys.Truncate(m.Root, 0).Errno);
        });
        Assert.True(m.Fs.Calls.Count(Op.SetAttr) >= 2);
    }

    [Fact]
    public async Task SetAttrChangesModeOwnerAndTimes()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            var path = m["a"];
            File.WriteAllText(path, "x");
            Sys.Chmod(path, 0x940 /* 04500 */).Check();
            Sys.Stat(path, out var st).Check();
            Assert.Equal(0x940u, st.Permissions); // 04500

            Sys.Chown(path, 1234, 5678).Check();
            Sys.Stat(path, out st).Check();
            Assert.Equal(1234u, st.Uid);
            Assert.Equal(5678u, st.Gid);

            var at = new Timespec { Seconds = 1_000_000_000, Nanoseconds = 123_456_789 };
            var mt = new Timespec { Seconds = 1_500_000_000, Nanoseconds = 987_654_321 };
            Sys.Utimens(path, at, mt).Check();
            Sys.Stat(path, out st).Check();
            Assert.Equal(1_000_000_000L, st.AccessTime.Seconds);
            Assert.Equal(123_456_789u, st.AccessTime.Nanoseconds);
            Assert.Equal(1_500_000_000L, st.ModifyTime.Seconds);
            Assert.Equal(987_654_321u, st.ModifyTime.Nanoseconds);

            // UTIME_NOW for mtime, UTIME_OMIT for atime: atime stays, mtime jumps to the present.
            long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5;
            Sys.Utimens(path, new Timespec { Nanoseconds = Timespec.UtimeOmit }, new Timespec { Nanoseconds = Timespec.UtimeNow }).Check();
            Sys.Stat(path, out st).Check();
            Assert.Equal(1_000_000_000L, st.AccessTime.Seconds);
            Assert.True(st.ModifyTime.Seconds >= before);
        });
        Assert.True(m.Fs.Calls.Count(Op.SetAttr) >= 4);
        Assert.True(m.Fs.Calls.Count(Op.GetAttr) >= 1);
    }

    [Fact]
    public async Task StatFsAndAccessReachTheFileSystem()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            Sys.StatFs(m.Root, out var info).Check();
            Assert.Equal(4096, info.BlockSize);
            Assert.Equal(1L << 20, info.Blocks);
            Assert.Equal(255, info.NameMax);

            var path = m["noexec"];
            File.WriteAllText(path, "x");
            Assert.True(Sys.Access(path, Sys.ROk | Sys.WOk).Ok);
            Assert.Equal(Errno.EACCES, Sys.Access(path, Sys.XOk).Errno); // even root needs one x bit
            Assert.Equal(Errno.ENOENT, Sys.Access(m["missing"], Sys.FOk).Errno);
        });
        Assert.True(m.Fs.Calls.Count(Op.StatFs) >= 1);
        Assert.True(m.Fs.Calls.Count(Op.Access) >= 1);
    }
}
