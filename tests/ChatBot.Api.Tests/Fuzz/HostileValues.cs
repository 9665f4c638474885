using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChatBot.Api.Tests.Fuzz;

/// <summary>A value a fuzzer sends, with a short label for failure messages.</summary>
public sealed record Hostile(string Label, string Value);

/// <summary>
/// Values that break careless code: wrong types, nulls, huge and control-character strings (NUL, lone surrogates,
/// bidi marks), extreme numbers, odd ids. JSON values are raw JSON text; path and query values are already
/// percent-encoded, so byte sequences no string can hold (invalid UTF-8, encoded lone surrogates) reach the server.
/// </summary>
public static class HostileValues
{
    /// <summary>Under the Api's 1 MiB body limit once quoted, far over every field's length limit.</summary>
    public const int HugeLength = 200_000;

    public static readonly string Huge = new('a', HugeLength);

    /// <summary>Strings a client can really send, as .NET strings (JSON-encoded or percent-encoded when used).</summary>
    public static IReadOnlyList<Hostile> Strings { get; } =
    [
        new("empty", ""),
        new("blank", "   "),
        new("NUL", "\0"),
        new("NUL inside", "parcel\0where"),
        new("C0/C1 controls", "\u0001\u0007\u001b[31m\u007f\u0085\u009f"),
        new("CRLF header injection", "a\r\nX-Injected: 1\r\n\r\n<b>"),
        new("RTL override", "\u202Etxt.exe\u202C"),
        new("bidi marks", "\u200F\u200E\u061C\u2066x\u2069"),
        new("BOM and zero-width", "\uFEFF\u200B\u200C\u200D\u2060"),
        new("emoji ZWJ", "\U0001F469\u200D\U0001F469\u200D\U0001F467\U0001F600"),
        new("combining marks", string.Concat(Enumerable.Repeat("e\u0301\u0302\u0303", 500))),
        new("fullwidth and dotted I", "Ｅｎｇｌｉｓｈ İı ß ﬁ"),
        new("SQL", "' OR '1'='1' --; DROP TABLE users;"),
        new("LIKE wildcards", "%_\\%\\_[a-z]*"),
        new("HTML", "<script>alert(1)</script><img src=x onerror=alert(1)>"),
        new("format string", "{0}{1}%s%n%d${jndi:ldap://x}"),
        new("path traversal", "../../../../etc/passwd"),
        new("tsquery syntax", "!(&|:*<->'\"\\)"),
        new("number as string", "9223372036854775808"),
        new("NaN as string", "NaN"),
        new("long (5000)", new string('x', 5000)),
        new($"huge ({HugeLength})", Huge),
    ];

    /// <summary>JSON values for a property of any type: every wrong type, nulls, extreme numbers, broken strings.</summary>
    public static IReadOnlyList<Hostile> JsonValues { get; } =
    [
        .. Strings.Select(s => s with { Value = JsonSerializer.Serialize(s.Value) }),
        // Escapes a JSON writer never produces but a parser must survive.
        new("lone high surrogate", "\"x\\ud800\""),
        new("lone low surrogate", "\"\\udfff\""),
        new("reversed surrogate pair", "\"\\udc00\\ud800\""),
        new("escaped NUL", "\"\\u0000\""),
        new("null", "null"),
        new("true", "true"),
        new("false", "false"),
        new("int64 max", "9223372036854775807"),
        new("int64 max + 1", "9223372036854775808"),
        new("int64 min", "-9223372036854775808"),
        new("int32 max + 1", "2147483648"),
        new("-1", "-1"),
        new("0", "0"),
        new("-0", "-0"),
        new("1.5", "1.5"),
        new("1e308", "1e308"),
        new("-1e308", "-1e308"),
        new("1e400", "1e400"),
        new("1e-400", "1e-400"),
        new("1000 digits", new string('9', 1000)),
        new("\"Infinity\"", "\"Infinity\""),
        new("empty array", "[]"),
        new("array of mixed", "[null, 1, \"a\", {}, [], true]"),
        new("empty object", "{}"),
        new("nested object", "{\"a\": {\"b\": [1, {\"c\": null}]}}"),
        new("huge array", "[" + string.Join(',', Enumerable.Repeat("\"a\"", 20_000)) + "]"),
    ];

    /// <summary>Odd values for an id in a path, percent-encoded.</summary>
    public static IReadOnlyList<Hostile> PathIds { get; } =
    [
        new("not-a-guid", "not-a-guid"),
        new("empty", ""),
        new("-1", "-1"),
        new("0", "0"),
        new("int32 max + 1", "2147483648"),
        new("int64 max", "9223372036854775807"),
        new("int64 min", "-9223372036854775808"),
        new("huge int", new string('9', 40)),
        new("1e308", "1e308"),
        new("NaN", "NaN"),
        new("1.5", "1.5"),
        new("empty guid", Guid.Empty.ToString()),
        new("guid in braces", "%7B" + new Guid("0199c7a4-0000-7000-8000-000000000001") + "%7D"),
        new("guid without dashes", "0199c7a4000070008000000000000001"),
        new("guid + junk", "0199c7a4-0000-7000-8000-000000000001x"),
        new("encoded NUL", "%00"),
        new("encoded slash", "a%2Fb"),
        new("encoded dot-dot", "%2E%2E"),
        new("space", "%20"),
        new("encoded lone surrogate", "%ED%A0%80"),
        new("invalid UTF-8", "%FF%FE"),
        new("overlong UTF-8", "%C0%AE"),
        new("RTL override", "%E2%80%AE1"),
        new("long (3000)", new string('7', 3000)),
    ];

    /// <summary>Odd query values, percent-encoded, by the parameter's kind.</summary>
    public static IReadOnlyList<Hostile> QueryValues(FieldKind kind) => kind switch
    {
        FieldKind.WholeNumber or FieldKind.Number =>
        [
            new("-1", "-1"), new("0", "0"), new("int32 max + 1", "2147483648"), new("int64 max", "9223372036854775807"),
            new("int64 max + 1", "9223372036854775808"), new("int64 min", "-9223372036854775808"), new("1e308", "1e308"),
            new("NaN", "NaN"), new("Infinity", "Infinity"), new("1.5", "1.5"), new("hex", "0x1F"), new("padded", "%201%20"),
            new("empty", ""), new("text", "abc"), new("1000 digits", new string('9', 1000)), new("encoded NUL", "1%00"),
        ],
        FieldKind.Boolean =>
        [
            new("yes", "yes"), new("2", "2"), new("empty", ""), new("null", "null"), new("TRUE", "TRUE"), new("encoded NUL", "%00"),
        ],
        FieldKind.Uuid => PathIds,
        _ =>
        [
            .. Strings.Where(s => s.Value.Length <= 5000).Select(s => s with { Value = Uri.EscapeDataString(s.Value) }),
            new("encoded lone surrogate", "%ED%A0%80"), new("invalid UTF-8", "%FF%FE%FD"), new("overlong UTF-8", "%C0%AE%C0%AE"),
            new("date far future", "9999-12-31T23:59:59.9999999%2B14:00"), new("date year 1", "0001-01-01"),
            new("date Feb 30", "2024-02-30"), new("date month 13", "2025-13-01"), new("-1", "-1"), new("1e308", "1e308"),
            new("int64 max", "9223372036854775807"),
        ],
    };

    /// <summary>Whole bodies that are not the JSON object an operation expects.</summary>
    public static IReadOnlyList<(string Label, byte[] Body)> MalformedJsonBodies { get; } =
    [
        ("empty body", []),
        ("null", Utf8("null")),
        ("empty array", Utf8("[]")),
        ("string", Utf8("\"text\"")),
        ("number", Utf8("123")),
        ("unterminated object", Utf8("{")),
        ("unterminated property", Utf8("{\"message\":")),
        ("unterminated string", Utf8("{\"message\": \"where is")),
        ("single quotes", Utf8("{'message': 'hi'}")),
        ("bare keys", Utf8("{message: 1}")),
        ("trailing comma", Utf8("{\"message\": \"hi\",}")),
        ("comment", Utf8("{/* c */ \"message\": \"hi\"}")),
        ("two documents", Utf8("{} {}")),
        ("raw control character in string", Utf8("{\"message\": \"a\u0001b\tc\"}")),
        ("invalid UTF-8 in string", [.. Utf8("{\"message\": \""), 0xFF, 0xFE, 0xC0, 0xAE, .. Utf8("\"}")]),
        ("UTF-16 bytes", Encoding.Unicode.GetBytes("{\"message\": \"hi\"}")),
        ("arrays nested 10000 deep", Utf8(new string('[', 10_000) + new string(']', 10_000))),
        ("objects nested 1000 deep", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000))),
        ("2 MiB body", Utf8("{\"message\": \"" + new string('a', 2 * 1024 * 1024) + "\"}")),
        ("NUL bytes", [0, 0, 0, 0]),
    ];

    /// <summary>Content types that do not match a JSON body, or lie about it.</summary>
    public static IReadOnlyList<string?> WrongContentTypes { get; } =
    [
        null,
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "multipart/form-data; boundary=x",
        "application/json; charset=utf-16",
        "application/json; charset=bogus",
        "application/merge-patch+json",
        "*/*",
        "not a media type",
    ];

    /// <summary>Authorization headers that are not a valid bearer token.</summary>
    public static IReadOnlyList<Hostile> AuthorizationHeaders { get; } =
    [
        new("bearer garbage", "Bearer not-a-jwt"),
        new("bearer empty", "Bearer "),
        new("basic", "Basic Zm9vOmJhcg=="),
        new("unsigned JWT", "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIwMTk5YzdhNC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJyb2xlIjoiYWRtaW4ifQ."),
        new("JWT with a bad signature", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4IiwiZXhwIjo5OTk5OTk5OTk5fQ.c2lnbmF0dXJl"),
        new("huge bearer", "Bearer " + new string('A', 6000)),
    ];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A value as a failure message can show it: control, format and surrogate characters escaped, long ones cut.</summary>
    public static string Printable(string text, int max = 120)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            var category = char.GetUnicodeCategory(c);
            if (c < ' ' || c == '\u007f' || category is UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.Control
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return text.Length > max ? $"{builder}… ({text.Length} chars)" : builder.ToString();
    }
}
