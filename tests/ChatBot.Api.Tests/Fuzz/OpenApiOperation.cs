using System.Text.Json;

namespace ChatBot.Api.Tests.Fuzz;

/// <summary>What a fuzzer needs to know about a value from its OpenAPI schema.</summary>
public enum FieldKind
{
    Text,
    WholeNumber,
    Number,
    Boolean,
    Uuid,
    DateTime,
    Array,
    JsonObject,
}

public sealed record OpenApiParameter(string Name, string In, FieldKind Kind, bool Required);

public sealed record OpenApiProperty(string Name, FieldKind Kind, bool Required);

/// <summary>
/// One operation of the Api's OpenAPI document: method, path template, parameters, request bodies, and the responses it
/// declares (status → media types).
/// </summary>
public sealed record OpenApiOperation(
    string Method,
    string PathTemplate,
    IReadOnlyList<OpenApiParameter> Parameters,
    IReadOnlyList<string> BodyContentTypes,
    IReadOnlyList<OpenApiProperty> BodyProperties,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Responses)
{
    public IEnumerable<OpenApiParameter> PathParameters => Parameters.Where(p => p.In == "path");

    public IEnumerable<OpenApiParameter> QueryParameters => Parameters.Where(p => p.In == "query");

    public bool TakesJsonBody => BodyContentTypes.Contains("application/json");

    /// <summary>The body is a file upload (multipart, raw JSON or CSV), not a JSON object with properties.</summary>
    public bool TakesFile => BodyContentTypes.Any(t => t is "multipart/form-data" or "text/csv");

    public override string ToString() => $"{Method} {PathTemplate}";

    /// <summary>
    /// Why an answer breaks the document, or null: its status must be declared (or a <c>default</c> response be), and
    /// a body's media type must be one declared for that status.
    /// </summary>
    public string? Undeclared(int status, string? mediaType, bool hasBody)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!Responses.TryGetValue(key, out var mediaTypes) && !Responses.TryGetValue("default", out mediaTypes))
        {
            return $"status {key} is not declared (declared: {string.Join(", ", Responses.Keys)})";
        }

        return hasBody && mediaTypes.Count > 0 && mediaType is not null && !mediaTypes.Contains(mediaType)
            ? $"a {key} answered {mediaType}, declared: {string.Join(", ", mediaTypes)}"
            : null;
    }

    /// <summary>Every operation in an OpenAPI 3.0 document, in document order, with <c>$ref</c>s resolved.</summary>
    public static IReadOnlyList<OpenApiOperation> Read(JsonElement document)
    {
        var schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s)
            ? s
            : default;
        var operations = new List<OpenApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is "parameters" or "summary" or "description" or "servers")
                {
                    continue;
                }

                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => new OpenApiParameter(
                        p.GetProperty("name").GetString()!,
                        p.GetProperty("in").GetString()!,
                        p.TryGetProperty("schema", out var schema) ? KindOf(Resolve(schema, schemas)) : FieldKind.Text,
                        p.TryGetProperty("required", out var required) && required.GetBoolean())).ToList()
                    : [];
                var contentTypes = new List<string>();
                var properties = new List<OpenApiProperty>();
                if (operation.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content))
                {
                    foreach (var media in content.EnumerateObject())
                    {
                        contentTypes.Add(media.Name);
                        if (media.Name == "application/json" && properties.Count == 0 && media.Value.TryGetProperty("schema", out var bodySchema))
                        {
                            properties.AddRange(PropertiesOf(Resolve(bodySchema, schemas), schemas));
                        }
                    }
                }

                var responses = operation.Value.TryGetProperty("responses", out var declared)
                    ? declared.EnumerateObject().ToDictionary(
                        r => r.Name,
                        r => (IReadOnlyList<string>)(r.Value.TryGetProperty("content", out var media) ? media.EnumerateObject().Select(m => m.Name).ToList() : []))
                    : [];
                operations.Add(new OpenApiOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, contentTypes, properties, responses));
            }
        }

        return operations;
    }

    private static List<OpenApiProperty> PropertiesOf(JsonElement schema, JsonElement schemas)
    {
        // A nullable body is written as oneOf [null, $ref]: its object branch carries the properties.
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var branches))
            {
                return branches.EnumerateArray().SelectMany(b => PropertiesOf(Resolve(b, schemas), schemas)).ToList();
            }
        }

        if (!schema.TryGetProperty("properties", out var properties))
        {
            return [];
        }

        var required = schema.TryGetProperty("required", out var names)
            ? names.EnumerateArray().Select(n => n.GetString()).ToHashSet()
            : [];
        return properties.EnumerateObject()
            .Select(p => new OpenApiProperty(p.Name, KindOf(Resolve(p.Value, schemas)), required.Contains(p.Name)))
            .ToList();
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference) && schemas.ValueKind == JsonValueKind.Object
            ? schemas.GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static FieldKind KindOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return FieldKind.Text;
        }

        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var types = new List<string>();
        if (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
        {
            types.Add(type.GetString()!);
        }

        // Numbers are described as anyOf [integer, string] (they may be written as strings).
        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            types.AddRange(anyOf.EnumerateArray()
                .Where(b => b.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String)
                .Select(b => b.GetProperty("type").GetString()!));
        }

        return (types.FirstOrDefault(t => t != "string") ?? types.FirstOrDefault(), format) switch
        {
            (_, "uuid") => FieldKind.Uuid,
            (_, "date-time" or "date") => FieldKind.DateTime,
            ("integer", _) => FieldKind.WholeNumber,
            ("number", _) => FieldKind.Number,
            ("boolean", _) => FieldKind.Boolean,
            ("array", _) => FieldKind.Array,
            ("object", _) => FieldKind.JsonObject,
            _ => FieldKind.Text,
        };
    }
}
