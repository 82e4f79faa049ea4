using System.Globalization;

namespace DynamoFS.DynamoDb.Tables;

/// <summary>
/// The size of the data blocks a file system stores file contents in, fixed at format time.
/// Bounds: below 4 KiB the per-item overhead and request count dominate; above 256 KiB a block no
/// longer fits comfortably under DynamoDB's 400 KB item limit with its attributes. A power of two
/// keeps offset arithmetic to shifts and masks.
/// </summary>
public static class BlockSize
{
    public const int Min = 4 * 1024;
    public const int Max = 256 * 1024;
    public const int Default = 128 * 1024;

    /// <summary>Parses "64K", "64k", "64KiB", "128KB", "1M" or plain bytes "65536"; K/M are binary (1024).</summary>
    /// <exception cref="FormatException">One line naming the accepted values.</exception>
    public static int Parse(string text)
    {
        var trimmed = text.Trim();
        var digits = trimmed.TakeWhile(char.IsAsciiDigit).Count();
        var unit = trimmed[digits..].Trim().ToUpperInvariant();
        long multiplier = unit switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1024,
            "M" or "MB" or "MIB" => 1024 * 1024,
            _ => 0,
        };
        if (digits == 0 || multiplier == 0
            || !long.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > Max)
        {
            throw Invalid(text);
        }
        var bytes = number * multiplier;
        if (bytes is < Min or > Max || !IsPowerOfTwo(bytes))
        {
            throw Invalid(text);
        }
        return (int)bytes;
    }

    /// <summary>Throws unless <paramref name="bytes"/> is a valid block size.</summary>
    public static void Validate(int bytes)
    {
        if (bytes is < Min or > Max || !IsPowerOfTwo(bytes))
        {
            throw Invalid(bytes.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>"128K" for 131072: how sizes are shown back to users.</summary>
    public static string Format(int bytes) =>
        bytes % 1024 == 0 ? $"{bytes / 1024}K" : bytes.ToString(CultureInfo.InvariantCulture);

    private static bool IsPowerOfTwo(long value) => value > 0 && (value & (value - 1)) == 0;

    private static FormatException Invalid(string text) =>
        new($"invalid block size \"{text}\": it must be a power of two from 4K to 256K (e.g. --block-size 64K)");
}
