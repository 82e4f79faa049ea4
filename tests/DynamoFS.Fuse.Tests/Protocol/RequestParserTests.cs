using DynamoFS.Fuse.Protocol.Requests;
using static DynamoFS.Fuse.Tests.Protocol.RequestBuilder;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>Well-formed request bodies parse into the right fields (the malformed ones are in MalformedRequestTests).</summary>
public class RequestParserTests
{
    [Fact]
    public void SetxattrWithoutExtensionHasAnEightByteHeader()
    {
        // size u32 = 3 | flags u32 = XATTR_CREATE | name "user.a\0" | value "xyz"
        var body = Hex("03000000 | 01000000 | 757365722e6100 | 78797a");
        Assert.True(SetXattrRequest.TryParse(body, extended: false, out var r));
        Assert.Equal("user.a", r.Name.ToString());
        Assert.Equal(1, r.Flags);
        Assert.Equal("xyz"u8.ToArray(), body.AsSpan(r.ValueOffset, r.ValueSize).ToArray());
        // The same bytes read as the 16-byte SETXATTR_EXT header no longer make sense.
        Assert.False(SetXattrRequest.TryParse(body, extended: true, out _));
    }

    [Fact]
    public void SetxattrWithExtensionHasASixteenByteHeader()
    {
        // size u32 = 1 | flags u32 = XATTR_REPLACE | setxattr_flags u32 = ACL_KILL_SGID | padding | name "user.b\0" | value "v"
        var body = Hex("01000000 | 02000000 | 01000000 | 00000000 | 757365722e6200 | 76");
        Assert.True(SetXattrRequest.TryParse(body, extended: true, out var r));
        Assert.Equal("user.b", r.Name.ToString());
        Assert.Equal(2, r.Flags);
        Assert.Equal(1, r.ValueSize);
        Assert.Equal((byte)'v', body[r.ValueOffset]);
    }

    [Fact]
    public void EmptyXattrValueIsFine()
    {
        // size 0 | flags 0 | name "user.e\0" | no value
        Assert.True(SetXattrRequest.TryParse(Hex("00000000 | 00000000 | 757365722e6500"), extended: false, out var r));
        Assert.Equal(0, r.ValueSize);
    }

    [Fact]
    public void Rename2CarriesFlagsAndBothNames()
    {
        // newdir u64 = 9 | flags u32 = RENAME_EXCHANGE | padding | "a\0" | "bb\0"
        Assert.True(RenameRequest.TryParse(Hex("0900000000000000 | 02000000 | 00000000 | 6100 | 626200"), rename2: true, out var r));
        Assert.Equal(9UL, r.NewDir);
        Assert.Equal(FuseRenameFlags.Exchange, r.Flags);
        Assert.Equal("a", r.OldName.ToString());
        Assert.Equal("bb", r.NewName.ToString());
    }

    [Fact]
    public void SymlinkCarriesNameThenTarget()
    {
        Assert.True(SymlinkRequest.TryParse(Concat(Name("link"), Name("../target")), out var r));
        Assert.Equal("link", r.Name.ToString());
        Assert.Equal("../target"u8.ToArray(), r.Target);
    }

    [Fact]
    public void NamesAreBytesNotText()
    {
        // name: 0xff 0xfe (not UTF-8) NUL
        Assert.True(NameRequest.TryParse(Hex("fffe00"), out var r));
        Assert.Equal(new byte[] { 0xff, 0xfe }, r.Name.Span.ToArray());
        Assert.Null(r.Name.TryGetString());
    }

    [Fact]
    public void WriteFlagsAndLockOwner()
    {
        // fh 3 | offset 4096 | size 2 | write_flags LOCKOWNER|KILL_SUIDGID | lock_owner 0xabc | flags | padding | data "hi"
        var body = Hex("0300000000000000 | 0010000000000000 | 02000000 | 06000000 | bc0a000000000000 | 00000000 | 00000000 | 6869");
        Assert.True(WriteRequest.TryParse(body, 1 << 20, out var r));
        Assert.Equal(3UL, r.Handle);
        Assert.Equal(4096UL, r.Offset);
        Assert.True(r.KillSuidGid);
        Assert.Equal(0xabcUL, r.LockOwner);
        Assert.Equal("hi"u8.ToArray(), body.AsSpan(r.DataOffset, r.Size).ToArray());
    }

    [Fact]
    public void ReadWithoutLockOwnerFlagHasNoOwner()
    {
        // fh 1 | offset 0 | size 4096 | read_flags 0 | lock_owner 0x55 (ignored) | flags O_RDONLY | padding
        Assert.True(ReadRequest.TryParse(Hex("0100000000000000 | 0000000000000000 | 00100000 | 00000000 | 5500000000000000 | 00000000 | 00000000"), 1 << 20, out var r));
        Assert.Null(r.LockOwner);
        Assert.Equal(4096, r.Size);
    }

    [Fact]
    public void FlockLockRequest()
    {
        // fh 1 | owner 2 | start 0 | end OFFSET_MAX | type F_WRLCK | pid 77 | lk_flags LK_FLOCK | padding
        Assert.True(LockRequestParser.TryParse(Hex("0100000000000000 | 0200000000000000 | 0000000000000000 | ffffffffffffff7f | 01000000 | 4d000000 | 01000000 | 00000000"), out var r));
        Assert.True(r.IsFlock);
        Assert.Equal(FuseLockType.Write, r.Lock.Type);
        Assert.Equal(FuseLock.OffsetMax, r.Lock.End);
        Assert.Equal(77u, r.Lock.Pid);
    }

    [Fact]
    public void GetattrHandleOnlyWithFhFlag()
    {
        // getattr_flags 0 | dummy | fh 5
        Assert.True(GetAttrRequest.TryParse(Hex("00000000 | 00000000 | 0500000000000000"), out var r));
        Assert.Null(r.Handle);
        // getattr_flags GETATTR_FH | dummy | fh 5
        Assert.True(GetAttrRequest.TryParse(Hex("01000000 | 00000000 | 0500000000000000"), out r));
        Assert.Equal(5UL, r.Handle);
    }

    [Fact]
    public void OpenKillSuidGid()
    {
        // flags O_WRONLY|O_TRUNC | open_flags OPEN_KILL_SUIDGID
        Assert.True(OpenRequest.TryParse(Hex("01020000 | 01000000"), out var r));
        Assert.Equal(0x201, r.Flags);
        Assert.True(r.KillSuidGid);
    }

    [Fact]
    public void BatchForgetEntries()
    {
        // count 2 | dummy | {nodeid 5, nlookup 1} | {nodeid 6, nlookup 3}
        Assert.True(BatchForgetRequest.TryParse(Hex("02000000 | 00000000 | 0500000000000000 | 0100000000000000 | 0600000000000000 | 0300000000000000"), out var e));
        Assert.Equal(2, e.Length);
        Assert.Equal((6UL, 3UL), (e[1].NodeId, e[1].Nlookup));
    }
}
