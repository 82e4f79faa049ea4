using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void Mkfifo_CreatesFifoWithMode()
    {
        Ok(Root.WithUmask(O("22")).Mkfifo(P("p"), O("666")));
        var st = Lst(P("p"));
        Assert.Equal(Mode.S_IFIFO, st.Type);
        Assert.Equal(Convert.ToString(O("644"), 8), Convert.ToString(st.Perm, 8));
        Assert.Equal(0, st.Size);
    }

    [Fact]
    public void Mkfifo_ByUser_OwnedByCaller()
    {
        Ok(U1.Mkfifo(P("p"), O("600")));
        var st = Lst(P("p"));
        Assert.Equal((U1Uid, U1Gid), (st.Uid, st.Gid));
    }

    [Fact]
    public void Mkfifo_Exists_EEXIST()
    {
        MkFile("f");
        Is(Errno.EEXIST, Root.Mkfifo(P("f"), O("644")));
    }

    [Fact]
    public void Mkfifo_MissingParent_ENOENT() => Is(Errno.ENOENT, Root.Mkfifo(P("x", "p"), O("644")));

    [Fact]
    public void Mkfifo_InNonWritableDirectory_EACCES()
    {
        var d = MkDir("d", O("755"));
        Is(Errno.EACCES, U1.Mkfifo(Path.Combine(d, "p"), O("644")));
    }

    [Fact]
    public void Mkfifo_OpenNonBlockingReadThenWrite_PassesData()
    {
        Ok(Root.Mkfifo(P("p"), O("600")));
        using var r = Sys.OpenFd(P("p"), OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK);
        using var w = Sys.OpenFd(P("p"), OpenFlags.O_WRONLY);
        Ok(w.Write("hello"));
        var buf = new byte[16];
        unsafe
        {
            fixed (byte* b = buf)
                Assert.Equal(5, (int)Libc.read(r.Value, b, 16));
        }
    }

    [Fact]
    public void Mknod_Fifo()
    {
        Ok(Root.Mknod(P("p"), Mode.S_IFIFO | O("640")));
        var st = Lst(P("p"));
        Assert.Equal(Mode.S_IFIFO, st.Type);
        AssertMode(O("640"), P("p"));
    }

    [Fact]
    public void Mknod_Fifo_AllowedForNonRoot()
    {
        Ok(U1.Mknod(P("p"), Mode.S_IFIFO | O("600")));
        Assert.Equal(U1Uid, Lst(P("p")).Uid);
    }

    [Fact]
    public void Mknod_Socket()
    {
        if (!Caps.SupportsSocketNodes) return;
        Ok(Root.Mknod(P("s"), Mode.S_IFSOCK | O("755")));
        Assert.Equal(Mode.S_IFSOCK, Lst(P("s")).Type);
        AssertMode(O("755"), P("s"));
    }

    [Fact]
    public void Mknod_RegularFile()
    {
        Ok(Root.Mknod(P("f"), Mode.S_IFREG | O("600")));
        var st = Lst(P("f"));
        Assert.True(st.IsReg);
        Assert.Equal(0, st.Size);
    }

    [Fact]
    public void Mknod_ZeroTypeMeansRegularFile()
    {
        Ok(Root.Mknod(P("f"), O("600")));
        Assert.True(Lst(P("f")).IsReg);
    }

    [Fact]
    public void Mknod_CharDeviceAsRoot_KeepsMajorMinor()
    {
        if (!Caps.SupportsDeviceNodes) return;
        Ok(Root.Mknod(P("c"), Mode.S_IFCHR | O("666"), 1, 3));
        var st = Lst(P("c"));
        Assert.Equal(Mode.S_IFCHR, st.Type);
        Assert.Equal((1u, 3u), (st.RdevMajor, st.RdevMinor));
    }

    [Fact]
    public void Mknod_BlockDeviceAsRoot_KeepsLargeMajorMinor()
    {
        if (!Caps.SupportsDeviceNodes) return;
        Ok(Root.Mknod(P("b"), Mode.S_IFBLK | O("600"), 259, 70000));
        var st = Lst(P("b"));
        Assert.Equal(Mode.S_IFBLK, st.Type);
        Assert.Equal((259u, 70000u), (st.RdevMajor, st.RdevMinor));
    }

    [Fact]
    public void Mknod_DeviceAsNonRoot_EPERM()
    {
        Is(Errno.EPERM, U1.Mknod(P("c"), Mode.S_IFCHR | O("666"), 1, 3));
        Is(Errno.EPERM, U1.Mknod(P("b"), Mode.S_IFBLK | O("666"), 8, 0));
        Assert.False(Exists(P("c")));
    }

    [Fact]
    public void Mknod_Exists_EEXIST()
    {
        MkFile("f");
        Is(Errno.EEXIST, Root.Mknod(P("f"), Mode.S_IFIFO | O("644")));
    }

    [Fact]
    public void Mknod_DirectoryType_EPERM()
    {
        // mknod(S_IFDIR) is refused by the VFS with EPERM on Linux (use mkdir).
        Is(Errno.EPERM, Root.Mknod(P("d"), Mode.S_IFDIR | O("755")));
    }
}
