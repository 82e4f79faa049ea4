using DynamoFS.Fuse.Protocol;
using static DynamoFS.Fuse.Tests.Protocol.RequestBuilder;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>fuse_dirent / fuse_direntplus packing: 8-byte alignment, zero padding, size limit, lookup bookkeeping.</summary>
public class DirectoryListingTests
{
    [Fact]
    public void DirentIsPaddedToEightBytesWithZeros()
    {
        var buffer = new byte[64];
        Array.Fill(buffer, (byte)0xEE);
        var listing = new DirectoryListingBuffer(buffer, plus: false);
        Assert.True(listing.TryAdd("abcde"u8, 42, FileMode.Directory | 0x1ED, 3));
        Assert.Equal(32, listing.Length);
        // ino 42 | off (next cookie) 3 | namelen 5 | type DT_DIR (4) | "abcde" | 3 zero bytes of padding
        Assert.Equal(Hex("2a00000000000000 | 0300000000000000 | 05000000 | 04000000 | 6162636465 | 000000"), buffer[..32]);
        Assert.Equal(0xEE, buffer[32]); // nothing written past the record
    }

    [Theory]
    [InlineData(1, 32)]   // 24 + 1 -> 32
    [InlineData(8, 32)]   // 24 + 8 = 32 exactly
    [InlineData(9, 40)]   // 24 + 9 -> 40
    public void DirentRecordLength(int nameLength, int recordLength)
    {
        var listing = new DirectoryListingBuffer(new byte[256], plus: false);
        Assert.True(listing.TryAdd(new byte[nameLength].Select(_ => (byte)'a').ToArray(), 1, FileMode.Regular, 1));
        Assert.Equal(recordLength, listing.Length);
    }

    [Fact]
    public void RecordThatDoesNotFitIsRefusedAndNothingIsWritten()
    {
        var buffer = new byte[60];
        var listing = new DirectoryListingBuffer(buffer, plus: false);
        Assert.True(listing.TryAdd("a"u8, 1, FileMode.Regular, 1));   // 32 bytes
        Assert.False(listing.TryAdd("b"u8, 2, FileMode.Regular, 2));  // would need 64
        Assert.Equal(32, listing.Length);
        Assert.Equal(1, listing.Count);
        Assert.All(buffer[32..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void PlusRecordsAre152PlusNameAndCountLookupsExceptDots()
    {
        var listing = new DirectoryListingBuffer(new byte[4096], plus: true);
        Assert.True(listing.TryAddPlus("."u8, ScriptedFileSystem.Entry(1), 1));
        Assert.True(listing.TryAddPlus(".."u8, ScriptedFileSystem.Entry(1), 2));
        Assert.True(listing.TryAddPlus("file"u8, ScriptedFileSystem.Entry(7), 3));
        Assert.True(listing.TryAddPlus("neg"u8, new FuseEntry { Attributes = new FuseAttributes { Inode = 8, Mode = FileMode.Regular } }, 4));
        Assert.Equal(4 * 160, listing.Length);
        Assert.Equal([7UL], listing.Lookups);
    }

    [Fact]
    public void PlainAddInPlusModeSendsAnAttributelessRecord()
    {
        var buffer = new byte[256];
        var listing = new DirectoryListingBuffer(buffer, plus: true);
        Assert.True(listing.TryAdd("x"u8, 12, FileMode.Regular, 5));
        Assert.Equal(160, listing.Length);
        Assert.Equal(0UL, BitConverter.ToUInt64(buffer, 0));    // entry_out.nodeid 0: "no attributes", not a lookup
        Assert.Equal(12UL, BitConverter.ToUInt64(buffer, 128)); // dirent.ino
        Assert.Empty(listing.Lookups);
    }

    [Fact]
    public void InvalidNamesAndZeroCookiesAreFileSystemBugs()
    {
        var listing = new DirectoryListingBuffer(new byte[256], plus: false);
        Assert.Throws<ArgumentException>(() => listing.TryAdd(""u8, 1, FileMode.Regular, 1));
        Assert.Throws<ArgumentException>(() => listing.TryAdd("a/b"u8, 1, FileMode.Regular, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => listing.TryAdd("a"u8, 1, FileMode.Regular, 0));
    }
}
