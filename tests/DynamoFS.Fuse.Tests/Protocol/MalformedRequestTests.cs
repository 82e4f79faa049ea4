using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>
/// Truncated, unterminated and lying requests, one row each, pushed through a live session:
/// every one must be answered EINVAL (never a crash, a hang or a silent drop) and the session
/// must keep serving afterwards. Fixtures are little-endian hex, one '|' per field.
/// </summary>
public class MalformedRequestTests
{
    public static TheoryData<string, uint, string> MalformedBodies => new()
    {
        // name: "abc" without its NUL
        { "lookup name without NUL", (uint)FuseOpcode.Lookup, "616263" },
        // (no body at all)
        { "lookup empty body", (uint)FuseOpcode.Lookup, "" },
        // name: "" (just the NUL)
        { "lookup empty name", (uint)FuseOpcode.Lookup, "00" },
        // name: "x" without NUL
        { "unlink name without NUL", (uint)FuseOpcode.Unlink, "78" },
        { "rmdir empty body", (uint)FuseOpcode.RmDir, "" },
        // name: "user.x" without NUL
        { "removexattr name without NUL", (uint)FuseOpcode.RemoveXattr, "757365722e78" },
        // mode u32 = 0755 | (umask missing)
        { "mkdir struct truncated", (uint)FuseOpcode.MkDir, "ed010000" },
        // mode u32 = 0755 | umask u32 = 022 | name "d" without NUL
        { "mkdir name without NUL", (uint)FuseOpcode.MkDir, "ed010000 | 12000000 | 64" },
        // mode u32 = S_IFREG|0644 | rdev u32 = 0 | umask u32 = 022 | (padding missing)
        { "mknod struct truncated", (uint)FuseOpcode.MkNod, "a4810000 | 00000000 | 12000000" },
        // name "l\0" | (target missing)
        { "symlink without target", (uint)FuseOpcode.Symlink, "6c00" },
        // name "l\0" | target "t" without NUL
        { "symlink target without NUL", (uint)FuseOpcode.Symlink, "6c00 | 74" },
        // name "l\0" | target "" (just the NUL)
        { "symlink empty target", (uint)FuseOpcode.Symlink, "6c00 | 00" },
        // newdir u64 truncated to 4 bytes
        { "rename struct truncated", (uint)FuseOpcode.Rename, "01000000" },
        // newdir u64 = 1 | old name "a\0" | (new name missing)
        { "rename second name missing", (uint)FuseOpcode.Rename, "0100000000000000 | 6100" },
        // newdir u64 = 0 (invalid node) | "a\0" | "b\0"
        { "rename newdir zero", (uint)FuseOpcode.Rename, "0000000000000000 | 6100 | 6200" },
        // newdir u64 = 1 | flags u32 = 0 | (padding missing, so the 16-byte struct is short)
        { "rename2 struct truncated", (uint)FuseOpcode.Rename2, "0100000000000000 | 00000000" },
        // oldnodeid u64 truncated to 4 bytes
        { "link struct truncated", (uint)FuseOpcode.Link, "05000000" },
        // oldnodeid u64 = 0 (invalid node) | new name "a\0"
        { "link old node zero", (uint)FuseOpcode.Link, "0000000000000000 | 6100" },
        // flags u32 = O_RDONLY | (open_flags missing)
        { "open struct truncated", (uint)FuseOpcode.Open, "00000000" },
        { "opendir struct truncated", (uint)FuseOpcode.OpenDir, "000000" },
        // getattr_flags u32 = 1 | dummy u32 | (fh missing)
        { "getattr struct truncated", (uint)FuseOpcode.GetAttr, "01000000 | 00000000" },
        // fh u64 | offset u64 | size u32 | read_flags u32 | (lock_owner, flags, padding missing)
        { "read struct truncated", (uint)FuseOpcode.Read, "0100000000000000 | 0000000000000000 | 00100000 | 00000000" },
        // fh u64 = 1 | offset u64 = 0 | size u32 = 256 MiB (beyond max_pages) | read_flags | lock_owner | flags | padding
        { "read size beyond max", (uint)FuseOpcode.Read, "0100000000000000 | 0000000000000000 | 00000010 | 00000000 | 0000000000000000 | 00000000 | 00000000" },
        // fh u64 = 1 | offset u64 = 2^63 (negative as off_t) | size u32 = 4096 | read_flags | lock_owner | flags | padding
        { "read offset beyond off_t", (uint)FuseOpcode.Read, "0100000000000000 | 0000000000000080 | 00100000 | 00000000 | 0000000000000000 | 00000000 | 00000000" },
        // fh u64 = 1 | cookie u64 = 0 | size u32 = 256 MiB | read_flags | lock_owner | flags | padding
        { "readdir size beyond max", (uint)FuseOpcode.ReadDir, "0100000000000000 | 0000000000000000 | 00000010 | 00000000 | 0000000000000000 | 00000000 | 00000000" },
        { "readdirplus struct truncated", (uint)FuseOpcode.ReadDirPlus, "01000000" },
        // fh u64 = 1 | offset u64 = 0 | size u32 = 16 (a lie) | write_flags | lock_owner | flags | padding | data: only 4 bytes
        { "write size larger than data", (uint)FuseOpcode.Write, "0100000000000000 | 0000000000000000 | 10000000 | 00000000 | 0000000000000000 | 00000000 | 00000000 | 61626364" },
        // fh u64 = 1 | offset u64 = 0 | size u32 = 2 MiB (beyond max_write) | ... | data: 4 bytes
        { "write size beyond max_write", (uint)FuseOpcode.Write, "0100000000000000 | 0000000000000000 | 00002000 | 00000000 | 0000000000000000 | 00000000 | 00000000 | 61626364" },
        // fuse_write_in truncated to 39 bytes
        { "write struct truncated", (uint)FuseOpcode.Write, "0100000000000000 | 0000000000000000 | 04000000 | 00000000 | 0000000000000000 | 00000000 | 000000" },
        // valid u32 = FATTR_SIZE | padding | fh | size | lock_owner | atime | mtime | ctime | (nsec fields etc. missing: 56 of 88 bytes)
        { "setattr struct truncated", (uint)FuseOpcode.SetAttr, "08000000 | 00000000 | 0000000000000000 | 0000000000000000 | 0000000000000000 | 0000000000000000 | 0000000000000000 | 0000000000000000" },
        // valid = FATTR_ATIME | padding | fh | size | lock_owner | atime | mtime | ctime | atimensec = 1e9 (out of range) | mtimensec | ctimensec | mode | unused4 | uid | gid | unused5
        { "setattr nanoseconds out of range", (uint)FuseOpcode.SetAttr, "10000000 | 00000000 | 0000000000000000 | 0000000000000000 | 0000000000000000 | 0100000000000000 | 0000000000000000 | 0000000000000000 | 00ca9a3b | 00000000 | 00000000 | 00000000 | 00000000 | 00000000 | 00000000 | 00000000" },
        // size u32 = 10 | flags u32 | setxattr_flags u32 | padding u32 | name "user.a\0" | value: only 2 of 10 bytes
        { "setxattr value shorter than size", (uint)FuseOpcode.SetXattr, "0a000000 | 00000000 | 00000000 | 00000000 | 757365722e6100 | 7879" },
        // size u32 = 1 | flags | setxattr_flags | padding | name "user.a" without NUL
        { "setxattr name without NUL", (uint)FuseOpcode.SetXattr, "01000000 | 00000000 | 00000000 | 00000000 | 757365722e61" },
        // size u32 = 65537 (above XATTR_SIZE_MAX) | flags | setxattr_flags | padding | name "user.a\0" | value "x"
        { "setxattr size beyond xattr max", (uint)FuseOpcode.SetXattr, "01000100 | 00000000 | 00000000 | 00000000 | 757365722e6100 | 78" },
        // size u32 = 4 | (padding missing)
        { "getxattr struct truncated", (uint)FuseOpcode.GetXattr, "04000000" },
        // size u32 = 65537 | padding | name "user.a\0"
        { "getxattr size beyond xattr max", (uint)FuseOpcode.GetXattr, "01000100 | 00000000 | 757365722e6100" },
        // size u32 = 64 | padding | name "user.a" without NUL
        { "getxattr name without NUL", (uint)FuseOpcode.GetXattr, "40000000 | 00000000 | 757365722e61" },
        { "listxattr struct truncated", (uint)FuseOpcode.ListXattr, "0000" },
        // fh u64 | owner u64 | lk.start u64 | lk.end u64 | (lk.type, lk.pid, lk_flags, padding missing)
        { "getlk struct truncated", (uint)FuseOpcode.GetLk, "0100000000000000 | 0200000000000000 | 0000000000000000 | ffffffffffffff7f" },
        // fh | owner | start 0 | end OFFSET_MAX | type u32 = 7 (not RD/WR/UN) | pid | lk_flags | padding
        { "setlk bad lock type", (uint)FuseOpcode.SetLk, "0100000000000000 | 0200000000000000 | 0000000000000000 | ffffffffffffff7f | 07000000 | 01000000 | 00000000 | 00000000" },
        // fh | owner | start 100 | end 10 (end before start) | type F_WRLCK | pid | lk_flags | padding
        { "setlkw start after end", (uint)FuseOpcode.SetLkW, "0100000000000000 | 0200000000000000 | 6400000000000000 | 0a00000000000000 | 01000000 | 01000000 | 00000000 | 00000000" },
        // flags u32 | mode u32 | umask u32 | (open_flags missing)
        { "create struct truncated", (uint)FuseOpcode.Create, "42000000 | a4810000 | 12000000" },
        // flags u32 = O_CREAT|O_RDWR | mode u32 = S_IFREG|0644 | umask u32 = 022 | open_flags u32 | name "f" without NUL
        { "create name without NUL", (uint)FuseOpcode.Create, "42000000 | a4810000 | 12000000 | 00000000 | 66" },
        // fh u64 | flags u32 | release_flags u32 | (lock_owner missing)
        { "release struct truncated", (uint)FuseOpcode.Release, "0100000000000000 | 00000000 | 00000000" },
        { "releasedir struct truncated", (uint)FuseOpcode.ReleaseDir, "0100000000000000" },
        // fh u64 | unused u32 | padding u32 | (lock_owner missing)
        { "flush struct truncated", (uint)FuseOpcode.Flush, "0100000000000000 | 00000000 | 00000000" },
        // fh u64 | (fsync_flags, padding missing)
        { "fsync struct truncated", (uint)FuseOpcode.Fsync, "0100000000000000" },
        { "fsyncdir struct truncated", (uint)FuseOpcode.FsyncDir, "01000000" },
        // mask u32 | (padding missing)
        { "access struct truncated", (uint)FuseOpcode.Access, "04000000" },
        // fh u64 | offset u64 | length u64 | (mode, padding missing)
        { "fallocate struct truncated", (uint)FuseOpcode.Fallocate, "0100000000000000 | 0000000000000000 | 0010000000000000" },
        // fh u64 | offset u64 | (whence, padding missing)
        { "lseek struct truncated", (uint)FuseOpcode.Lseek, "0100000000000000 | 0000000000000000" },
        // fh_in | off_in | nodeid_out | fh_out | off_out | len | (flags missing)
        { "copy_file_range struct truncated", (uint)FuseOpcode.CopyFileRange, "0100000000000000 | 0000000000000000 | 0500000000000000 | 0200000000000000 | 0000000000000000 | 0010000000000000" },
        // fh_in | off_in | nodeid_out u64 = 0 (invalid) | fh_out | off_out | len | flags
        { "copy_file_range node out zero", (uint)FuseOpcode.CopyFileRange, "0100000000000000 | 0000000000000000 | 0000000000000000 | 0200000000000000 | 0000000000000000 | 0010000000000000 | 0000000000000000" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void MalformedBodyIsAnsweredEinvalAndTheSessionSurvives(string description, uint opcode, string hex)
    {
        using var h = new SessionHarness();
        var reply = h.Send((FuseOpcode)opcode, 5, RequestBuilder.Hex(hex));

        Assert.True(reply.Length == 16, $"{description}: error replies are the bare header");
        Assert.Equal(-Errno.EINVAL, FakeChannel.ErrorOf(reply));
        Assert.True(h.Session.MalformedCount >= 1);
        // The session keeps serving.
        Assert.Equal(0, FakeChannel.ErrorOf(h.Send(FuseOpcode.GetAttr, 5, new byte[16])));
    }

    [Fact]
    public void HeaderLengthThatLiesIsAnsweredEinval()
    {
        using var h = new SessionHarness();
        ulong unique = h.NextUnique();
        // The header claims 200 bytes; the read returns 45 (header + "abcd\0").
        h.Channel.Push(RequestBuilder.Request(FuseOpcode.Lookup, unique, 1, RequestBuilder.Name("abcd"), lieAboutLength: 200));
        Assert.Equal(-Errno.EINVAL, FakeChannel.ErrorOf(h.Channel.ReplyFor(unique)));
        Assert.Equal(0, FakeChannel.ErrorOf(h.Send(FuseOpcode.GetAttr, 1, new byte[16])));
    }

    [Fact]
    public void RequestShorterThanTheHeaderIsAnsweredEinvalWhenItsUniqueIsKnown()
    {
        using var h = new SessionHarness();
        ulong unique = h.NextUnique();
        // len u32 = 24 | opcode u32 = GETATTR | unique u64 | nodeid truncated to 0 bytes ... 24 bytes in all
        var request = RequestBuilder.Request(FuseOpcode.GetAttr, unique, 1, [])[..24];
        h.Channel.Push(request);
        Assert.Equal(-Errno.EINVAL, FakeChannel.ErrorOf(h.Channel.ReplyFor(unique)));
        // Fewer than 16 bytes carry no unique: nothing to answer, nothing breaks.
        h.Channel.Push(new byte[7]);
        Assert.Equal(0, FakeChannel.ErrorOf(h.Send(FuseOpcode.GetAttr, 1, new byte[16])));
    }

    [Fact]
    public void BatchForgetWhoseCountLiesIsIgnored()
    {
        using var h = new SessionHarness(readers: 1);
        Assert.Equal(0, FakeChannel.ErrorOf(h.Send(FuseOpcode.Lookup, 1, RequestBuilder.Name("n5"))));
        // count u32 = 1000 | dummy u32 | one fuse_forget_one { nodeid 5, nlookup 1 } — far fewer than 1000 entries
        h.Post(FuseOpcode.BatchForget, 0, RequestBuilder.Hex("e8030000 | 00000000 | 0500000000000000 | 0100000000000000"));
        Assert.Equal(0, FakeChannel.ErrorOf(h.Send(FuseOpcode.GetAttr, 1, new byte[16])));
        Assert.Equal(1UL, h.Session.Lookups.Get(5));
        Assert.Empty(h.Fs.Forgotten);
    }
}
