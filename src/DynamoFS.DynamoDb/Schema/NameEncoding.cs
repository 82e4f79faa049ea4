using System.Text;
using System.Text.Unicode;

namespace DynamoFS.DynamoDb.Schema;

/// <summary>
/// File and xattr names inside sort keys. Linux names are arbitrary bytes (anything but '/' and
/// NUL), while DynamoDB string keys must be valid UTF-8. Valid UTF-8 names are stored as they
/// are, so the table stays readable; any other name, and any name that starts with '~' (so the
/// two forms can never be confused), is stored as '~' followed by its bytes in lowercase hex.
/// Every name round-trips exactly.
/// </summary>
public static class NameEncoding
{
    private const char EscapeMark = '~';

    public static string Encode(ReadOnlySpan<byte> name)
    {
        if (name.Length > 0 && name[0] != (byte)EscapeMark && Utf8.IsValid(name))
        {
            return Encoding.UTF8.GetString(name);
        }
        return EscapeMark + Convert.ToHexStringLower(name);
    }

    public static byte[] Decode(ReadOnlySpan<char> stored)
    {
        if (stored.Length > 0 && stored[0] == EscapeMark)
        {
            return Convert.FromHexString(stored[1..]);
        }
        return Encoding.UTF8.GetBytes(stored.ToArray());
    }
}
