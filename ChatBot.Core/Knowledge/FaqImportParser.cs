using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Reads bulk FAQ files: JSON (a list, or <c>{"faqs": [...]}</c>, in the shape of the evaluation packages'
/// <c>faqs.json</c>: id, category, question, alternates, answer) and CSV with a header row (question, answer,
/// alternates and tags separated by '|', category, language, external_id, is_active). Row numbers count data rows
/// from 1. Problems are collected per row, never thrown.
/// </summary>
public static class FaqImportParser
{
    private const char ListSeparator = '|';

    /// <summary>A whole uploaded file, CSV when its media type says so and JSON otherwise.</summary>
    public static IReadOnlyList<ImportRow> Parse(byte[] content, string mediaType)
    {
        using var stream = new MemoryStream(content, writable: false);
        return mediaType.Contains("csv", StringComparison.OrdinalIgnoreCase) ? ParseCsv(stream) : ParseJson(stream);
    }

    public static IReadOnlyList<ImportRow> ParseJson(Stream json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException exception)
        {
            return [Failed(0, $"The file is not valid JSON: {exception.Message}")];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("faqs", out var wrapped))
            {
                root = wrapped;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return [Failed(0, "Expected a JSON array of FAQs (or an object with a \"faqs\" array).")];
            }

            return root.EnumerateArray().Select((item, index) => FromJson(item, index + 1)).ToList();
        }
    }

    public static IReadOnlyList<ImportRow> ParseCsv(Stream csv)
    {
        using var reader = new StreamReader(csv);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            BadDataFound = null,
            TrimOptions = TrimOptions.Trim,
        };
        using var parser = new CsvReader(reader, configuration);
        var rows = new List<ImportRow>();
        try
        {
            if (!parser.Read() || !parser.ReadHeader())
            {
                return [Failed(0, "The CSV file has no header row.")];
            }

            var header = parser.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
            if (!header.Contains("question") || !header.Contains("answer"))
            {
                return [Failed(0, "The CSV header must name at least the columns 'question' and 'answer'.")];
            }

            var number = 0;
            while (parser.Read())
            {
                number++;
                string? Field(string name) => header.Contains(name) ? parser.GetField(name) : null;
                var errors = new List<string>();
                var isActive = ParseBool(Field("is_active"), errors);
                rows.Add(new ImportRow(number, new FaqInput(
                        Field("question") ?? "",
                        Field("answer") ?? "",
                        SplitList(Field("alternates")),
                        NonEmpty(Field("language")) ?? "en",
                        SplitList(Field("tags")),
                        isActive,
                        null,
                        NonEmpty(Field("external_id")) ?? NonEmpty(Field("id"))),
                    NonEmpty(Field("category")), errors));
            }
        }
        catch (CsvHelperException exception)
        {
            rows.Add(Failed(rows.Count + 1, $"Unreadable CSV: {exception.Message.Split('\n')[0]}"));
        }

        return rows;
    }

    private static ImportRow FromJson(JsonElement item, int number)
    {
        var errors = new List<string>();
        if (item.ValueKind != JsonValueKind.Object)
        {
            return Failed(number, "Each FAQ must be a JSON object.");
        }

        string? Text(string name)
        {
            if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind is JsonValueKind.String)
            {
                return value.GetString();
            }

            if (value.ValueKind is JsonValueKind.Number)
            {
                return value.GetRawText();
            }

            errors.Add($"{name}: expected text.");
            return null;
        }

        IReadOnlyList<string> List(string name)
        {
            if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
            {
                return value.EnumerateArray().Select(v => v.GetString()!).ToList();
            }

            errors.Add($"{name}: expected a list of texts.");
            return [];
        }

        var isActive = true;
        if (item.TryGetProperty("is_active", out var active))
        {
            if (active.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                isActive = active.GetBoolean();
            }
            else
            {
                errors.Add("is_active: expected true or false.");
            }
        }

        int? categoryId = null;
        if (item.TryGetProperty("category_id", out var category) && category.ValueKind != JsonValueKind.Null)
        {
            if (category.ValueKind == JsonValueKind.Number && category.TryGetInt32(out var parsed))
            {
                categoryId = parsed;
            }
            else
            {
                errors.Add("category_id: expected a number.");
            }
        }

        var input = new FaqInput(
            Text("question") ?? "",
            Text("answer") ?? "",
            List("alternates"),
            NonEmpty(Text("language")) ?? "en",
            List("tags"),
            isActive,
            categoryId,
            NonEmpty(Text("external_id")) ?? NonEmpty(Text("id")));
        return new ImportRow(number, input, NonEmpty(Text("category")), errors);
    }

    private static ImportRow Failed(int number, string error) =>
        new(number, new FaqInput("", "", [], "en", [], true, null, null), null, [error]);

    private static string[] SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool ParseBool(string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (bool.TryParse(value, out var parsed))
        {
            return parsed;
        }

        if (value is "1" or "0")
        {
            return value == "1";
        }

        errors.Add("is_active: expected true or false.");
        return true;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
