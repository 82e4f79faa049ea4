using System.Text;
using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Fact]
    public void Xattr_User_SetGetRoundTrip()
    {
        var f = MkFile("f");
        Ok(Sys.SetXattr(f, "user.color", "blue"));
        Ok(Sys.GetXattr(f, "user.color", out string v));
        Assert.Equal("blue", v);
        Ok(Sys.SetXattr(f, "user.color", "green"));
        Ok(Sys.GetXattr(f, "user.color", out v));
        Assert.Equal("green", v);
    }

    [Fact]
    public void Xattr_BinaryValueWithNulBytes_RoundTrips()
    {
        var f = MkFile("f");
        byte[] value = [0, 1, 2, 0, 255, 0];
        Ok(Sys.SetXattr(f, "user.bin", value));
        Ok(Sys.GetXattr(f, "user.bin", 100, out var read, out var size));
        Assert.Equal(6, size);
        Assert.Equal(value, read);
    }

    [Fact]
    public void Xattr_EmptyValue_Allowed()
    {
        var f = MkFile("f");
        Ok(Sys.SetXattr(f, "user.empty", ReadOnlySpan<byte>.Empty));
        Ok(Sys.GetXattr(f, "user.empty", 10, out var read, out var size));
        Assert.Equal(0, size);
        Assert.Empty(read);
    }

    [Fact]
    public void Xattr_List_ContainsAllNames()
    {
        var f = MkFile("f");
        Ok(Sys.SetXattr(f, "user.a", "1"));
        Ok(Sys.SetXattr(f, "user.bb", "2"));
        Ok(Sys.SetXattr(f, "user.ccc", "3"));
        Ok(Sys.ListXattr(f, out var names));
        Assert.Equal(["user.a", "user.bb", "user.ccc"], names.Where(n => n.StartsWith("user.")).Order().ToArray());
    }

    [Fact]
    public void Xattr_List_EmptyOnNewFile()
    {
        Ok(Sys.ListXattr(MkFile("f"), out var names));
        Assert.DoesNotContain(names, n => n.StartsWith("user."));
    }

    [Fact]
    public void Xattr_Remove_ThenGetENODATA()
    {
        var f = MkFile("f");
        Ok(Sys.SetXattr(f, "user.x", "1"));
        Ok(Sys.RemoveXattr(f, "user.x"));
        Is(Errno.ENODATA, Sys.GetXattr(f, "user.x", out string _));
        Is(Errno.ENODATA, Sys.RemoveXattr(f, "user.x"));
        Ok(Sys.ListXattr(f, out var names));
        Assert.DoesNotContain("user.x", names);
    }

    [Fact]
    public void Xattr_Create_OnExisting_EEXIST()
    {
        var f = MkFile("f");
        Ok(Sys.SetXattr(f, "user.x", "1", XATTR_CREATE));
        Is(Errno.EEXIST, Sys.SetXattr(f, "user.x", "2", XATTR_CREATE));
        Ok(Sys.GetXattr(f, "user.x", out string v));
        Assert.Equal("1", v);
    }

    [Fact]
    public void Xattr_Replace_OnMissing_ENODATA()
    {
        var f = MkFile("f");
        Is(Errno.ENODATA, Sys.SetXattr(f, "user.x", "1", XATTR_REPLACE));
        Ok(Sys.SetXattr(f, "user.x", "1"));
        Ok(Sys.SetXattr(f, "user.x", "2", XATTR_REPLACE));
        Ok(Sys.GetXattr(f, "user.x", out string v));
        Assert.Equal("2", v);
    }

    [Fact]
    public void Xattr_GetMissing_ENODATA() => Is(Errno.ENODATA, Sys.GetXattr(MkFile("f"), "user.none", out string _));

    [Fact]
    public void Xattr_GetWithTooSmallBuffer_ERANGE_AndSizeQueryWorks()
    {
        var f = MkFile("f");
        Ok(Sys.SetXattr(f, "user.x", "0123456789"));
        Is(Errno.ERANGE, Sys.GetXattr(f, "user.x", 5, out _, out _));
        Ok(Sys.GetXattr(f, "user.x", 0, out _, out var size));
        Assert.Equal(10, size);
    }

    [Fact]
    public unsafe void Xattr_ListWithTooSmallBuffer_ERANGE()
    {
        var f = MkFile("f");
        Ok(Sys.SetXattr(f, "user.long-attribute-name", "1"));
        var buf = stackalloc byte[4];
        Assert.Equal(-1, (long)Libc.listxattr(f, buf, 4));
        Is(Errno.ERANGE, Sys.LastErrno());
        Assert.True((long)Libc.listxattr(f, null, 0) >= "user.long-attribute-name\0".Length);
    }

    [Fact]
    public void Xattr_LargeValue64KiB_RoundTrips()
    {
        var f = MkFile("f");
        var value = new byte[Caps.MaxXattrValueSize];
        new Random(42).NextBytes(value);
        Ok(Sys.SetXattr(f, "user.big", value));
        Ok(Sys.GetXattr(f, "user.big", value.Length, out var read, out _));
        Assert.Equal(value, read);
    }

    [Fact]
    public void Xattr_ValueOver64KiB_E2BIG() =>
        Is(Errno.E2BIG, Sys.SetXattr(MkFile("f"), "user.big", new byte[65537]));

    [Fact]
    public void Xattr_NameOver255Bytes_ERANGE() =>
        Is(Errno.ERANGE, Sys.SetXattr(MkFile("f"), "user." + new string('n', 251), "v"));

    [Fact]
    public void Xattr_UnknownNamespace_EOPNOTSUPP() =>
        Is(Errno.EOPNOTSUPP, Sys.SetXattr(MkFile("f"), "bogus.name", "v"));

    [Fact]
    public void Xattr_Trusted_AsRoot()
    {
        var f = MkFile("f", O("666"));
        if (!Caps.SupportsTrustedXattrs) return;
        Ok(Sys.SetXattr(f, "trusted.t", "secret"));
        Ok(Sys.GetXattr(f, "trusted.t", out string v));
        Assert.Equal("secret", v);
        Ok(Sys.ListXattr(f, out var names));
        Assert.Contains("trusted.t", names);
    }

    [Fact]
    public void Xattr_Trusted_InvisibleAndForbiddenForNonRoot()
    {
        var f = MkFile("f", O("666"));
        if (!Caps.SupportsTrustedXattrs) return;
        Ok(Sys.SetXattr(f, "trusted.t", "secret"));
        Ok(Sys.SetXattr(f, "user.u", "open"));
        Ok(U1.ListXattr(f, out var names));
        Assert.Equal(["user.u"], names);
        Is(Errno.ENODATA, U1.GetXattr(f, "trusted.t", out _)); // hidden, not EPERM
        Is(Errno.EPERM, U1.SetXattr(f, "trusted.x", "v"));
    }

    [Fact]
    public void Xattr_User_NeedsWriteToSetAndReadToGet()
    {
        var f = MkFile("f", O("644"), content: "");
        Ok(Sys.SetXattr(f, "user.x", "root"));
        Is(Errno.EACCES, U1.SetXattr(f, "user.y", "v"));
        Is(Errno.EACCES, U1.RemoveXattr(f, "user.x"));
        Ok(U1.GetXattr(f, "user.x", out var v));
        Assert.Equal("root", v);
        Ok(Root.Chmod(f, O("600")));
        Is(Errno.EACCES, U1.GetXattr(f, "user.x", out _));
    }

    [Fact]
    public void Xattr_User_ByOwnerAndByGroupWriter()
    {
        var f = MkFile("f", O("660"), U1Uid, G1);
        Ok(U1.SetXattr(f, "user.by1", "a"));
        Ok(U2.SetXattr(f, "user.by2", "b", XATTR_CREATE));
        Ok(U2.GetXattr(f, "user.by1", out var v));
        Assert.Equal("a", v);
        Ok(U1.RemoveXattr(f, "user.by2"));
    }

    [Fact]
    public void Xattr_User_OnSymlink_EPERM()
    {
        // Linux forbids user.* on symlinks (and special files): EPERM through lsetxattr.
        MkFile("f");
        Ok(Root.Symlink("f", P("l")));
        Is(Errno.EPERM, Sys.SetXattr(P("l"), "user.x", "v"u8, 0, noFollow: true));
        Ok(Sys.SetXattr(P("l"), "user.x", "v")); // follows to the file
        Ok(Sys.GetXattr(P("f"), "user.x", out string v));
        Assert.Equal("v", v);
    }

    [Fact]
    public void Xattr_User_OnDirectory()
    {
        var d = MkDir("d");
        Ok(Sys.SetXattr(d, "user.dir", "yes"));
        Ok(Sys.GetXattr(d, "user.dir", out string v));
        Assert.Equal("yes", v);
    }

    [Fact]
    public void Xattr_Set_UpdatesCtimeNotMtime()
    {
        var f = MkFile("f");
        var before = St(f);
        Tick();
        Ok(Sys.SetXattr(f, "user.x", "1"));
        Assert.True(St(f).Ctime > before.Ctime);
        Assert.Equal(before.Mtime, St(f).Mtime);
    }

    [Fact]
    public void Xattr_ManyAttributes_AllListed()
    {
        var f = MkFile("f");
        for (var i = 0; i < 50; i++) Ok(Sys.SetXattr(f, $"user.k{i:D3}", $"value {i}"));
        Ok(Sys.ListXattr(f, out var names));
        Assert.Equal(50, names.Count(n => n.StartsWith("user.k")));
        Ok(Sys.GetXattr(f, "user.k037", out string v));
        Assert.Equal("value 37", v);
    }

    [Fact]
    public void Xattr_SurviveRenameAndHardLink()
    {
        var f = MkFile("f");
        Ok(Sys.SetXattr(f, "user.x", Encoding.UTF8.GetBytes("kept")));
        Ok(Root.Rename(f, P("g")));
        Ok(Root.Link(P("g"), P("h")));
        Ok(Sys.GetXattr(P("h"), "user.x", out string v));
        Assert.Equal("kept", v);
    }
}
