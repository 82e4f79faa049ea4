using Amazon.DynamoDBv2.Model;

namespace DynamoFS.DynamoDb.Requests;

/// <summary>
/// Builds the placeholders of one request's expressions: every attribute name goes through
/// ExpressionAttributeNames (so no short name can ever collide with a DynamoDB reserved word)
/// and every value through ExpressionAttributeValues. Empty maps are not sent (DynamoDB rejects them).
/// </summary>
public sealed class Expression
{
    private readonly Dictionary<string, string> _names = [];
    private readonly Dictionary<string, AttributeValue> _values = [];

    /// <summary>"#name" for an attribute; a dotted path ("rm.x") becomes "#rm.#x".</summary>
    public string N(string path) => string.Join('.', path.Split('.').Select(part =>
    {
        string placeholder = "#" + part;
        _names[placeholder] = part;
        return placeholder;
    }));

    /// <summary>A fresh ":vN" placeholder for a value.</summary>
    public string V(AttributeValue value)
    {
        string placeholder = ":v" + _values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _values[placeholder] = value;
        return placeholder;
    }

    public Dictionary<string, string>? Names => _names.Count > 0 ? _names : null;
    public Dictionary<string, AttributeValue>? Values => _values.Count > 0 ? _values : null;

    /// <summary>Joins conditions with AND (null when there are none).</summary>
    public static string? And(IEnumerable<string> conditions)
    {
        var list = conditions.ToList();
        return list.Count == 0 ? null : string.Join(" AND ", list.Select(c => "(" + c + ")"));
    }
}
