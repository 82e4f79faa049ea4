using System.Text;
using DynamoFS.Fuse.Tests.Memory;

namespace DynamoFS.Fuse.Tests.Syscalls;

/// <summary>SETXATTR, GETXATTR, LISTXATTR, REMOVEXATTR, including the size probes and ERANGE the session answers.</summary>
public sealed class XattrTests
{
    [Fact]
    public async Task XattrsHonourFlagsSizesAndMissingNames()
    {
        await using var m = await MemoryMount.StartAsync();
        await m.Run(() =>
        {
            var path = m["f"];
            File.WriteAllText(path, "");
            Assert.Equal(Errno.ENODATA, Sys.GetXattr(path, "user.missing", 64, out _).Errno);
            Assert.Equal(Errno.ENODATA, Sys.SetXattr(path, "user.a", "1"u8, Sys.XattrReplace).Errno);
            Sys.SetXattr(path, "user.a", "first"u8, Sys.XattrCreate).Check();
            Assert.Equal(Errno.EEXIST, Sys.SetXattr(path, "user.a", "x"u8, Sys.XattrCreate).Errno);
            Sys.SetXattr(path, "user.a", "second value"u8, Sys.XattrReplace).Check();
            Sys.SetXattr(path, "user.b", new byte[3000]).Check();

            Assert.Equal(12, Sys.GetXattr(path, "user.a", 0, out _).Check()); // size probe
            Assert.Equal(Errno.ERANGE, Sys.GetXattr(path, "user.a", 4, out _).Errno);
            Sys.GetXattr(path, "user.a", 100, out var value).Check();
            Assert.Equal("second value", Encoding.ASCII.GetString(value));
            Sys.GetXattr(path, "user.b", 4000, out value).Check();
            Assert.Equal(3000, value.Length);

            long listSize = Sys.ListXattr(path, 0, out _).Check();
            Assert.Equal("user.a\0user.b\0".Length, listSize);
            Assert.Equal(Errno.ERANGE, Sys.ListXattr(path, 3, out _).Errno);
            Sys.ListXattr(path, 256, out var names).Check();
            Assert.Equal(["user.a", "user.b"], names.Order().ToArray());

            Sys.RemoveXattr(path, "user.a").Check();
            Assert.Equal(Errno.ENODATA, Sys.RemoveXattr(path, "user.a").Errno);
            Sys.ListXattr(path, 256, out names).Check();
            Assert.Equal(["user.b"], names);

            // Directories carry xattrs too.
            Sys.SetXattr(m.Root, "user.root", "r"u8).Check();
            Sys.GetXattr(m.Root, "user.root", 8, out value).Check();
            Assert.Equal("r", Encoding.ASCII.GetString(value));
        });
        Assert.True(m.Fs.Calls.Count(Op.SetXattr) >= 4);
        Assert.True(m.Fs.Calls.Count(Op.GetXattr) >= 4);
        Assert.True(m.Fs.Calls.Count(Op.ListXattr) >= 3);
        Assert.True(m.Fs.Calls.Count(Op.RemoveXattr) >= 2);
    }
}
