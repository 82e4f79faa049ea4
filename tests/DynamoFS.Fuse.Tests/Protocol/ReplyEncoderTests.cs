using DynamoFS.Fuse.Abi;
using DynamoFS.Fuse.Protocol;
using static DynamoFS.Fuse.Tests.Protocol.RequestBuilder;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>Replies byte for byte: exact lengths, little-endian fields, negated errnos.</summary>
public class ReplyEncoderTests
{
    private static string Encode(Func<byte[], int> encode)
    {
        var buffer = new byte[512];
        Array.Fill(buffer, (byte)0xEE); // anything not written shows up as EE
        int n = encode(buffer);
        return Convert.ToHexString(buffer, 0, n).ToLowerInvariant();
    }

    private static string Fixture(string hex) => Convert.ToHexString(Hex(hex)).ToLowerInvariant();

    [Fact]
    public void ErrorReplyIsTheBareHeaderWithNegatedErrno()
    {
        // len u32 = 16 | error i32 = -ENOENT | unique u64 = 0x1234
        Assert.Equal(Fixture("10000000 | feffffff | 3412000000000000"),
            Encode(b => ReplyEncoder.Error(b, 0x1234, Errno.ENOENT)));
    }

    [Fact]
    public void EntryReplyIs144Bytes()
    {
        var entry = new FuseEntry
        {
            NodeId = 5,
            Generation = 7,
            EntryTimeout = TimeSpan.FromSeconds(1.5),
            AttributeTimeout = TimeSpan.FromMilliseconds(250),
            Attributes = new FuseAttributes
            {
                Inode = 5, Size = 0x1000, Blocks = 8,
                AccessTime = new FuseTime(1, 2), ModifyTime = new FuseTime(3, 4), ChangeTime = new FuseTime(5, 6),
                Mode = FileMode.Regular | 0x1A4, Links = 1, Uid = 1000, Gid = 100, Rdev = 0, BlockSize = 4096,
            },
        };
        Assert.Equal(Fixture(
            "90000000 | 00000000 | 0900000000000000" +         // out header: len 144, error 0, unique 9
            "0500000000000000 | 0700000000000000" +            // nodeid 5, generation 7
            "0100000000000000 | 0000000000000000" +            // entry_valid 1 s, attr_valid 0 s
            "0065cd1d | 80b2e60e" +                            // entry_valid_nsec 500000000, attr_valid_nsec 250000000
            "0500000000000000 | 0010000000000000 | 0800000000000000" + // attr: ino 5, size 4096, blocks 8
            "0100000000000000 | 0300000000000000 | 0500000000000000" + // atime 1, mtime 3, ctime 5
            "02000000 | 04000000 | 06000000" +                 // atimensec 2, mtimensec 4, ctimensec 6
            "a4810000 | 01000000 | e8030000 | 64000000" +      // mode 0100644, nlink 1, uid 1000, gid 100
            "00000000 | 00100000 | 00000000"),                 // rdev 0, blksize 4096, flags 0
            Encode(b => ReplyEncoder.Entry(b, 9, entry)));
    }

    [Fact]
    public void AttrReplyIs120Bytes()
    {
        var reply = new FuseAttributeReply(new FuseAttributes { Inode = 1, Mode = FileMode.Directory | 0x1ED, Links = 2 }, TimeSpan.FromSeconds(2));
        string hex = Encode(b => ReplyEncoder.Attr(b, 3, reply));
        Assert.Equal(120 * 2, hex.Length);
        // out header | attr_valid 2 | attr_valid_nsec 0 | dummy 0 | ino 1 ...
        Assert.StartsWith(Fixture("78000000 | 00000000 | 0300000000000000 | 0200000000000000 | 00000000 | 00000000 | 0100000000000000"), hex);
    }

    [Fact]
    public void CreateReplyIsEntryThenOpen()
    {
        var reply = new FuseCreateReply(new FuseEntry { NodeId = 9, Attributes = new FuseAttributes { Mode = FileMode.Regular } }, new FuseOpenReply(0x77, FuseOpenFlags.DirectIo | FuseOpenFlags.KeepCache));
        string hex = Encode(b => ReplyEncoder.Create(b, 1, reply));
        Assert.Equal(160 * 2, hex.Length);
        // ... fuse_open_out: fh 0x77 | open_flags DIRECT_IO|KEEP_CACHE | backing_id 0
        Assert.EndsWith(Fixture("7700000000000000 | 03000000 | 00000000"), hex);
    }

    [Fact]
    public void FixedRepliesHaveExactSizes()
    {
        Assert.Equal(24 * 2, Encode(b => ReplyEncoder.WriteSize(b, 1, 10)).Length);
        Assert.Equal(96 * 2, Encode(b => ReplyEncoder.Statfs(b, 1, new FuseStatfs())).Length);
        Assert.Equal(24 * 2, Encode(b => ReplyEncoder.XattrSize(b, 1, 10)).Length);
        Assert.Equal(40 * 2, Encode(b => ReplyEncoder.Lock(b, 1, new FuseLock(0, FuseLock.OffsetMax, FuseLockType.Unlock, 0))).Length);
        Assert.Equal(24 * 2, Encode(b => ReplyEncoder.Lseek(b, 1, 4096)).Length);
        Assert.Equal(32 * 2, Encode(b => ReplyEncoder.Open(b, 1, new FuseOpenReply(1))).Length);
    }

    [Fact]
    public void DataReplyCarriesExactlyTheData()
    {
        // len 19 | error 0 | unique 2 | "abc"
        Assert.Equal(Fixture("13000000 | 00000000 | 0200000000000000 | 616263"),
            Encode(b => ReplyEncoder.Data(b, 2, "abc"u8)));
    }

    [Fact]
    public void InvalInodeNotification()
    {
        // len 40 | error = NOTIFY_INVAL_INODE (2) | unique 0 | ino 5 | off -1 | len 0
        Assert.Equal(Fixture("28000000 | 02000000 | 0000000000000000 | 0500000000000000 | ffffffffffffffff | 0000000000000000"),
            Encode(b => ReplyEncoder.NotifyInvalInode(b, 5, -1, 0)));
    }

    [Fact]
    public void DeleteNotification()
    {
        // len 44 | error = NOTIFY_DELETE (6) | unique 0 | parent 1 | child 5 | namelen 3 | padding | "abc" NUL
        Assert.Equal(Fixture("2c000000 | 06000000 | 0000000000000000 | 0100000000000000 | 0500000000000000 | 03000000 | 00000000 | 61626300"),
            Encode(b => ReplyEncoder.NotifyDelete(b, 1, 5, "abc"u8)));
    }

    [Theory]
    [InlineData(0L, 0UL, 0u)]
    [InlineData(-10_000_000L, 0UL, 0u)]             // negative: do not cache
    [InlineData(15_000_000L, 1UL, 500_000_000u)]    // 1.5 s
    [InlineData(1L, 0UL, 100u)]                     // one tick = 100 ns
    public void TimeoutsSplitIntoSecondsAndNanoseconds(long ticks, ulong seconds, uint nanoseconds)
    {
        Assert.Equal((seconds, nanoseconds), ReplyEncoder.SplitTimeout(TimeSpan.FromTicks(ticks)));
    }
}
