using System.Text;
using DynamoFS.DynamoDb.Schema;

namespace DynamoFS.DynamoDb.Tests.Store;

public sealed class KeysTests
{
    [Theory]
    [InlineData("hello")]
    [InlineData("~tilde")]
    [InlineData("😀 emoji")]
    [InlineData("a#b")]
    public void Names_round_trip(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        Assert.Equal(bytes, NameEncoding.Decode(NameEncoding.Encode(bytes)));
    }

    [Fact]
    public void Invalid_utf8_and_tilde_names_are_hex_escaped()
    {
        byte[] invalid = [0x66, 0xff, 0xfe, 0x80];
        Assert.Equal("~66fffe80", NameEncoding.Encode(invalid));
        Assert.Equal(invalid, NameEncoding.Decode(NameEncoding.Encode(invalid)));
        Assert.Equal("~7e61", NameEncoding.Encode("~a"u8));
        Assert.Equal("plain", NameEncoding.Encode("plain"u8));
    }

    [Fact]
    public void Cookies_are_63_bit_and_never_0_1_2()
    {
        for (int i = 0; i < 100_000; i++)
        {
            ulong c = DirectoryCookie.Of(Encoding.UTF8.GetBytes("name" + i));
            Assert.InRange(c, 3UL, DirectoryCookie.Max);
        }
        Assert.Equal(DirectoryCookie.Of("x"u8), DirectoryCookie.Of("x"u8));
    }

    [Fact]
    public void Entry_sort_keys_sort_by_cookie_and_parse_back()
    {
        var names = Enumerable.Range(0, 500).Select(i => Encoding.UTF8.GetBytes("f" + i)).Append("😀"u8.ToArray()).Append([0xff]).ToList();
        var sorted = names.Select(n => (Sk: Keys.EntrySortKey(n), Cookie: DirectoryCookie.Of(n), Name: n))
            .OrderBy(e => Encoding.UTF8.GetBytes(e.Sk), Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .ToList();
        for (int i = 1; i < sorted.Count; i++)
        {
            Assert.True(sorted[i - 1].Cookie <= sorted[i].Cookie);
        }
        foreach (var e in sorted)
        {
            var (name, cookie) = Keys.ParseEntrySortKey(e.Sk);
            Assert.Equal(e.Name, name);
            Assert.Equal(e.Cookie, cookie);
            // Every key falls inside the range "after cookie - 1" and outside "after cookie".
            var (from, to) = Keys.EntryRangeAfter(cookie - 1)!.Value;
            Assert.True(string.CompareOrdinal(from, e.Sk) <= 0 && string.CompareOrdinal(e.Sk, to) < 0);
            Assert.True(string.CompareOrdinal(Keys.EntryRangeAfter(cookie)!.Value.From, e.Sk) > 0);
        }
    }

    [Fact]
    public void Block_keys_carry_64_bit_indices()
    {
        ulong index = (1UL << 40) + 7;
        var key = Keys.Block(42, index);
        Assert.Equal("B#42#1099511627783", key[Keys.Pk].S);
        Assert.Equal(index, Keys.ParseBlockIndex(key[Keys.Pk].S));
    }
}
