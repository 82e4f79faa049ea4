using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>
/// One tour of system calls that must reach the file system through every FUSE opcode the
/// session dispatches. Other tests check semantics; this one proves nothing is missing from the
/// dispatch table (an opcode answered ENOSYS, or never negotiated, fails here by name).
/// </summary>
public sealed class OpcodeCoverageTests
{
    private static readonly string[] Expected =
    [
        Op.Init, Op.Lookup, Op.Forget, Op.GetAttr, Op.SetAttr, Op.ReadLink, Op.Symlink, Op.MakeNode,
        Op.MakeDirectory, Op.Unlink, Op.RemoveDirectory, Op.Rename, Op.Rename2, Op.Link, Op.Open,
        Op.Read, Op.Write, Op.StatFs, Op.Release, Op.Fsync, Op.SetXattr, Op.GetXattr, Op.ListXattr,
        Op.RemoveXattr, Op.Flush, Op.OpenDir, Op.ReadDir, Op.ReadDirPlus, Op.ReleaseDir, Op.FsyncDir,
        Op.GetLock, Op.SetLock, Op.SetLockWait, Op.Access, Op.Create, Op.Interrupt, Op.Fallocate,
        Op.Lseek, Op.CopyFileRange,
    ];

    [Fact]
    public async Task EveryOpcodeReachesTheFileSystem()
    {
        var seen = new HashSet<string>();
        await using (var m = await MemoryMount.StartAsync())
        {
            await m.Run(() => Tour(m), timeoutSeconds: 60);
            ForgetTests.DropCaches();
            await Wait.Until(() => m.Fs.Calls.Count(Op.Forget) > 0 && m.Fs.Calls.Count(Op.Release) > 0 && m.Fs.Calls.Count(Op.ReleaseDir) > 0);
            seen.UnionWith(m.Fs.Calls.Seen);
        }
        // Plain READDIR: a kernel offered READDIRPLUS may never fall back for a small directory.
        var plain = new MemoryFileSystem(new FuseInitSettings { ReaddirPlus = false });
        await using (var m = await MemoryMount.StartAsync(plain))
        {
            await m.Run(() => Directory.GetFileSystemEntries(m.Root));
            seen.UnionWith(plain.Calls.Seen);
        }
        Assert.Empty(Expected.Except(seen));
    }

    private static void Tour(MemoryMount m)
    {
        // CREATE, WRITE, FSYNC, FLUSH, RELEASE, OPEN, READ, GETATTR, SETATTR, STATFS, ACCESS
        int fd = Sys.OpenOrThrow(m["file"], Sys.ORdWr | Sys.OCreat | Sys.OExcl);
        Sys.Write(fd, "0123456789"u8).Check();
        Sys.Fsync(fd).Check();
        Sys.Close(fd).Check();
        fd = Sys.OpenOrThrow(m["file"], Sys.ORdOnly);
        Sys.PRead(fd, new byte[10], 0).Check();
        Sys.FStat(fd, out _).Check();
        Sys.Close(fd).Check();
        Sys.Truncate(m["file"], 5).Check();
        Sys.StatFs(m.Root, out _).Check();
        Sys.Access(m["file"], Sys.ROk).Check();

        // MKDIR, MKNOD, SYMLINK, READLINK, LINK, RENAME, RENAME2, UNLINK, RMDIR
        Sys.Mkdir(m["dir"]).Check();
        Sys.Mknod(m["dir/fifo"], FileMode.Fifo | 0x1A4).Check();
        Sys.Symlink("file", m["link"]).Check();
        Sys.ReadLink(m["link"], out _).Check();
        Sys.Link(m["file"], m["dir/hard"]).Check();
        Sys.Rename(m["dir/hard"], m["dir/hard2"]).Check();
        Sys.Rename2(m["dir/hard2"], m["dir/fifo"], Sys.RenameExchange).Check();
        Sys.Unlink(m["dir/fifo"]).Check();
        Sys.Unlink(m["dir/hard2"]).Check();
        Sys.Rmdir(m["dir"]).Check();

        // SETXATTR, GETXATTR, LISTXATTR, REMOVEXATTR
        Sys.SetXattr(m["file"], "user.k", "v"u8).Check();
        Sys.GetXattr(m["file"], "user.k", 16, out _).Check();
        Sys.ListXattr(m["file"], 64, out _).Check();
        Sys.RemoveXattr(m["file"], "user.k").Check();

        // OPENDIR, READDIRPLUS, FSYNCDIR, RELEASEDIR
        Directory.GetFileSystemEntries(m.Root);
        int dir = Sys.OpenOrThrow(m.Root, Sys.ORdOnly | Sys.ODirectory);
        Sys.Fsync(dir).Check();
        Sys.Close(dir).Check();

        // FALLOCATE, LSEEK, COPY_FILE_RANGE
        fd = Sys.OpenOrThrow(m["file"], Sys.ORdWr);
        Sys.Fallocate(fd, 0, 0, 8192).Check();
        Sys.LSeek(fd, 0, Sys.SeekData).Check();
        int copy = Sys.OpenOrThrow(m["copy"], Sys.OWrOnly | Sys.OCreat);
        Sys.CopyFileRange(fd, 0, copy, 0, 100).Check();
        Sys.Close(copy).Check();

        // GETLK, SETLK, SETLKW, and INTERRUPT through a waiter that gets a signal.
        var lk = Flock.Of(Sys.FWrLck, 0, 0);
        Sys.Fcntl(fd, Sys.FGetLk, ref lk).Check();
        lk = Flock.Of(Sys.FWrLck, 0, 0);
        Sys.Fcntl(fd, Sys.FSetLkW, ref lk).Check();
        using (var waiter = LockHelper.Start("wait", m["file"]))
        {
            Assert.True(Wait.Until(() => m.Fs.BlockedLockWaiters == 1).Result, "SETLKW never arrived");
            Sys.Kill(waiter.Pid, 10 /* SIGUSR1 */).Check();
            Assert.Equal(Errno.EINTR, waiter.WaitResult(TimeSpan.FromSeconds(10)));
        }
        lk = Flock.Of(Sys.FUnLck, 0, 0);
        Sys.Fcntl(fd, Sys.FSetLk, ref lk).Check();
        Sys.Close(fd).Check();

        // LOOKUP happens along the way; FORGET once the caches drop (see the caller).
        Sys.Unlink(m["copy"]).Check();
    }
}
