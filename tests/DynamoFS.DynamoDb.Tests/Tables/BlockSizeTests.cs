using DynamoFS.DynamoDb.Tables;

namespace DynamoFS.DynamoDb.Tests.Tables;

public sealed class BlockSizeTests
{
    [Theory]
    [InlineData("4K", 4096)]
    [InlineData("64K", 65536)]
    [InlineData("64k", 65536)]
    [InlineData("64KiB", 65536)]
    [InlineData("128KB", 131072)]
    [InlineData("256K", 262144)]
    [InlineData("65536", 65536)]
    [InlineData(" 32K ", 32768)]
    public void Parses_sizes_with_binary_units(string text, int expected) => Assert.Equal(expected, BlockSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("K")]
    [InlineData("2K")]
    [InlineData("512K")]
    [InlineData("1M")]
    [InlineData("100K")]
    [InlineData("-64K")]
    [InlineData("64X")]
    [InlineData("99999999999999999999K")]
    public void Rejects_with_one_line_naming_the_range(string text)
    {
        var error = Assert.Throws<FormatException>(() => BlockSize.Parse(text));
        Assert.Equal($"invalid block size \"{text}\": it must be a power of two from 4K to 256K (e.g. --block-size 64K)", error.Message);
    }

    [Fact]
    public void Formats_back_in_K() => Assert.Equal("128K", BlockSize.Format(BlockSize.Default));
}
