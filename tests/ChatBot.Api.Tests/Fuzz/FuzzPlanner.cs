using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChatBot.Api.Tests.Fuzz;

public enum Caller
{
    Anonymous,
    User,
    Admin,
}

/// <summary>One request of the fuzz run: what is sent, as whom, and which mutation of a plausible request it is.</summary>
public sealed record FuzzRequest(Caller Caller, string Method, string Url, string? ContentType, byte[]? Body, string Mutation)
{
    /// <summary>Sent as is instead of the caller's bearer token.</summary>
    public string? Authorization { get; init; }

    public string? Accept { get; init; }

    /// <summary>The documented operation this request was planned from.</summary>
    public OpenApiOperation? Operation { get; init; }

    /// <summary>Method, URL, mutation and the start of the body, with control characters escaped.</summary>
    public string Summary
    {
        get
        {
            var builder = new StringBuilder($"{Method} {HostileValues.Printable(Url, 200)} as {Caller.ToString().ToLowerInvariant()} [{Mutation}]");
            if (Body is not null)
            {
                builder.Append(CultureInfo.InvariantCulture,
                    $" body ({ContentType ?? "no content type"}, {Body.Length} bytes): {HostileValues.Printable(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 400)), 120)}");
            }
            else if (ContentType is not null)
            {
                builder.Append(CultureInfo.InvariantCulture, $" content type {ContentType}");
            }

            return builder.ToString();
        }
    }
}

/// <summary>Ids that exist (or are the caller's own), so plausible requests reach handlers rather than stop at a 404.</summary>
public sealed record FuzzTargets(Guid? OwnId, IReadOnlyList<Guid> Uuids, IReadOnlyList<long> Integers);

/// <summary>
/// Turns each OpenAPI operation into a plausible request (values from the schema and the property names), then into
/// mutations of it: odd path ids, odd query values, hostile property values, malformed bodies, wrong content types,
/// odd headers, a method the path does not have. All choices come from one seeded <see cref="Random"/>, so a seed
/// always plans the same requests.
/// </summary>
public sealed class FuzzPlanner(Random random, IReadOnlyList<OpenApiOperation> operations)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private int _unique;

    /// <summary>The plausible request first, then <paramref name="mutations"/> mutations drawn evenly across kinds.</summary>
    public List<FuzzRequest> Plan(OpenApiOperation operation, Caller caller, FuzzTargets targets, int mutations)
    {
        var baseline = Baseline(operation, caller, targets);
        var groups = MutationGroups(operation, caller, baseline).Where(g => g.Count > 0).ToList();
        var requests = new List<FuzzRequest> { baseline.ToRequest("plausible request") };
        while (requests.Count <= mutations && groups.Count > 0)
        {
            foreach (var group in groups.ToList())
            {
                if (requests.Count > mutations)
                {
                    break;
                }

                var index = random.Next(group.Count);
                requests.Add(group[index]());
                group.RemoveAt(index);
                if (group.Count == 0)
                {
                    groups.Remove(group);
                }
            }
        }

        return requests;
    }

    private sealed record Draft(Caller Caller, OpenApiOperation Operation, Dictionary<string, string> Path,
        List<KeyValuePair<string, string>> Query, string? ContentType, byte[]? Body, Dictionary<string, string>? Json)
    {
        public string? Authorization { get; init; }

        public string? Accept { get; init; }

        public string Method { get; init; } = Operation.Method;

        public FuzzRequest ToRequest(string mutation)
        {
            var path = Path.Aggregate(Operation.PathTemplate, (url, p) => url.Replace($"{{{p.Key}}}", p.Value, StringComparison.Ordinal));
            var url = Query.Count == 0 ? path : path + "?" + string.Join('&', Query.Select(q => $"{q.Key}={q.Value}"));
            var body = Json is null ? Body : HostileValues.Utf8("{" + string.Join(", ", Json.Select(p => $"{JsonSerializer.Serialize(p.Key)}: {p.Value}")) + "}");
            return new FuzzRequest(Caller, Method, url, ContentType, body, mutation) { Authorization = Authorization, Accept = Accept };
        }
    }

    private Draft Baseline(OpenApiOperation operation, Caller caller, FuzzTargets targets)
    {
        var path = operation.PathParameters.ToDictionary(p => p.Name, p => p.Kind == FieldKind.Uuid
            ? Pick<Guid>(targets.OwnId is { } own ? [own, .. targets.Uuids, RandomGuid()] : [.. targets.Uuids, RandomGuid()]).ToString()
            : Pick(targets.Integers).ToString(CultureInfo.InvariantCulture));
        var query = operation.QueryParameters.Select(p => KeyValuePair.Create(p.Name, Uri.EscapeDataString(PlausibleText(p.Name, p.Kind, targets)))).ToList();
        if (operation.TakesFile)
        {
            return new Draft(caller, operation, path, query, "application/json",
                HostileValues.Utf8("[{\"question\": \"How do I fuzz?\", \"answer\": \"Carefully.\"}]"), null);
        }

        if (operation.TakesJsonBody)
        {
            var json = operation.BodyProperties.ToDictionary(p => p.Name, p => PlausibleJson(p.Name, p.Kind, targets));
            return new Draft(caller, operation, path, query, "application/json", null, json);
        }

        return new Draft(caller, operation, path, query, null, null, null);
    }

    private List<List<Func<FuzzRequest>>> MutationGroups(OpenApiOperation operation, Caller caller, Draft baseline)
    {
        var pathIds = new List<Func<FuzzRequest>>();
        foreach (var parameter in operation.PathParameters)
        {
            pathIds.AddRange(HostileValues.PathIds.Select(v => (Func<FuzzRequest>)(() =>
                (baseline with { Path = new(baseline.Path) { [parameter.Name] = v.Value } }).ToRequest($"path {parameter.Name} = {v.Label}"))));
        }

        var query = new List<Func<FuzzRequest>>();
        foreach (var parameter in operation.QueryParameters)
        {
            query.AddRange(HostileValues.QueryValues(parameter.Kind).Select(v => (Func<FuzzRequest>)(() =>
                (baseline with { Query = [.. baseline.Query.Where(q => q.Key != parameter.Name), KeyValuePair.Create(parameter.Name, v.Value)] })
                    .ToRequest($"query {parameter.Name} = {v.Label}"))));
            query.Add(() => (baseline with { Query = [.. baseline.Query, KeyValuePair.Create(parameter.Name, "2"), KeyValuePair.Create(parameter.Name.ToUpperInvariant(), "x")] })
                .ToRequest($"query {parameter.Name} repeated"));
        }

        query.Add(() => (baseline with { Query = [.. baseline.Query, KeyValuePair.Create("unknown%00%ED%A0%80", "1")] }).ToRequest("query with an odd unknown name"));
        query.Add(() => (baseline with { Query = [.. baseline.Query, KeyValuePair.Create("pad", new string('q', 9000))] }).ToRequest("query of 9000 chars"));

        var properties = new List<Func<FuzzRequest>>();
        if (baseline.Json is { } json)
        {
            foreach (var property in operation.BodyProperties)
            {
                properties.AddRange(HostileValues.JsonValues.Select(v => (Func<FuzzRequest>)(() =>
                    (baseline with { Json = new(json) { [property.Name] = v.Value } }).ToRequest($"body {property.Name} = {v.Label}"))));
                properties.Add(() =>
                {
                    var without = new Dictionary<string, string>(json);
                    without.Remove(property.Name);
                    return (baseline with { Json = without }).ToRequest($"body without {property.Name}");
                });
            }

            properties.Add(() => (baseline with { Json = new(json) { ["unknown_property"] = JsonSerializer.Serialize(HostileValues.Huge) } }).ToRequest("body with a huge unknown property"));
        }

        var bodies = new List<Func<FuzzRequest>>();
        var contentTypes = new List<Func<FuzzRequest>>();
        var plausibleBody = baseline.Json is null ? baseline.Body : baseline.ToRequest("").Body;
        if (operation.TakesJsonBody || operation.TakesFile)
        {
            bodies.AddRange(HostileValues.MalformedJsonBodies.Select(b => (Func<FuzzRequest>)(() =>
                (baseline with { Json = null, Body = b.Body, ContentType = "application/json" }).ToRequest($"body: {b.Label}"))));
            if (baseline.Json is { } plain)
            {
                bodies.Add(() => (baseline with { Json = null, Body = [0xEF, 0xBB, 0xBF, .. baseline.ToRequest("").Body!] }).ToRequest("body with a UTF-8 BOM"));
                bodies.Add(() =>
                {
                    var first = plain.FirstOrDefault();
                    var text = Encoding.UTF8.GetString(baseline.ToRequest("").Body!);
                    var duplicated = first.Key is null ? text : text.TrimEnd('}') + $", {JsonSerializer.Serialize(first.Key)}: null}}";
                    return (baseline with { Json = null, Body = HostileValues.Utf8(duplicated) }).ToRequest($"body with {first.Key ?? "nothing"} twice");
                });
            }

            contentTypes.AddRange(HostileValues.WrongContentTypes.Select(t => (Func<FuzzRequest>)(() =>
                (baseline with { Json = null, Body = plausibleBody, ContentType = t }).ToRequest($"content type {t ?? "missing"}"))));
        }
        else
        {
            bodies.Add(() => (baseline with { Body = HostileValues.Utf8("{\"unexpected\": true}"), ContentType = "application/json" }).ToRequest("unexpected JSON body"));
            bodies.Add(() => (baseline with { Body = HostileValues.Utf8("{\"unexpected\":"), ContentType = "application/json" }).ToRequest("unexpected malformed body"));
            bodies.Add(() => (baseline with { Body = new byte[1024 * 1024 + 1], ContentType = "application/octet-stream" }).ToRequest("unexpected body over 1 MiB"));
            contentTypes.Add(() => (baseline with { Body = HostileValues.Utf8("a=1&b=%00"), ContentType = "application/x-www-form-urlencoded" }).ToRequest("unexpected form body"));
        }

        if (operation.TakesFile)
        {
            bodies.AddRange(FileBodies().Select(b => (Func<FuzzRequest>)(() =>
                (baseline with { Json = null, Body = b.Body, ContentType = b.ContentType }).ToRequest($"upload: {b.Label}"))));
        }

        var headers = new List<Func<FuzzRequest>>
        {
            () => (baseline with { Accept = "text/event-stream" }).ToRequest("accept text/event-stream"),
            () => (baseline with { Accept = "application/xml" }).ToRequest("accept application/xml"),
        };
        if (caller == Caller.Anonymous)
        {
            headers.AddRange(HostileValues.AuthorizationHeaders.Select(h => (Func<FuzzRequest>)(() =>
                (baseline with { Authorization = h.Value }).ToRequest($"authorization: {h.Label}"))));
        }

        var methods = operations.Where(o => o.PathTemplate == operation.PathTemplate).Select(o => o.Method).ToHashSet();
        var wrongMethods = Methods.Where(m => !methods.Contains(m))
            .Select(m => (Func<FuzzRequest>)(() => (baseline with { Method = m }).ToRequest($"method {m} not offered")))
            .ToList();

        return [pathIds, properties, query, bodies, contentTypes, headers, wrongMethods];
    }

    private static IEnumerable<(string Label, string ContentType, byte[] Body)> FileBodies()
    {
        const string boundary = "fuzzboundary";
        static byte[] Multipart(string name, string fileName, string content) => HostileValues.Utf8(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream\r\n\r\n{content}\r\n--{boundary}--\r\n");
        var multipart = $"multipart/form-data; boundary={boundary}";
        yield return ("multipart without a file", multipart, HostileValues.Utf8($"--{boundary}\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--{boundary}--\r\n"));
        yield return ("multipart cut short", multipart, HostileValues.Utf8($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n\r\n[{{"));
        yield return ("multipart empty file", multipart, Multipart("file", "faqs.json", ""));
        yield return ("multipart garbage JSON file", multipart, Multipart("file", "faqs.json", "{\"faqs\": [{\"question\": null, \"answer\": 1e400}]"));
        yield return ("multipart file name with NUL and traversal", multipart, Multipart("file", "../..\u0000/x.csv", "question,answer\nq?,a"));
        yield return ("multipart unknown file type", multipart, Multipart("file", "faqs.exe", "MZ\u0000\u0001"));
        yield return ("CSV with hostile cells", "text/csv", HostileValues.Utf8("question,answer,category_id\n\"\u0000\",\"\u202E\",-1\n=cmd|' /C calc'!A0,\"unterminated\n,,\n"));
        yield return ("CSV header only", "text/csv", HostileValues.Utf8("question,answer\n"));
        yield return ("CSV without the needed columns", "application/csv", HostileValues.Utf8("a;b;c\n1;2;3\n"));
        yield return ("JSON rows with every wrong type", "application/json",
            HostileValues.Utf8("[{\"question\": 1, \"answer\": [], \"alternates\": \"x\", \"tags\": {}, \"category_id\": \"1e308\", \"is_active\": \"yes\"}, null, 7]"));
        yield return ("JSON rows with huge fields", "application/json",
            HostileValues.Utf8($"[{{\"question\": \"{HostileValues.Huge}\", \"answer\": \"{HostileValues.Huge}\"}}]"));
        yield return ("JSON faqs object form with nulls", "application/json", HostileValues.Utf8("{\"faqs\": [null, {\"question\": null}], \"categories\": [null]}"));
    }

    private string PlausibleJson(string name, FieldKind kind, FuzzTargets targets) => kind switch
    {
        FieldKind.WholeNumber or FieldKind.Number => name.EndsWith("_id", StringComparison.Ordinal)
            ? Pick(targets.Integers).ToString(CultureInfo.InvariantCulture)
            : "1",
        FieldKind.Boolean => "true",
        FieldKind.Uuid => JsonSerializer.Serialize(Pick(targets.Uuids)),
        FieldKind.DateTime => "\"2025-01-01T00:00:00Z\"",
        FieldKind.Array => "[\"fuzz\"]",
        FieldKind.JsonObject => "{}",
        _ => JsonSerializer.Serialize(PlausibleText(name, kind, targets)),
    };

    /// <summary>A value the Api would accept for a field of this name, so the request gets past validation.</summary>
    private string PlausibleText(string name, FieldKind kind, FuzzTargets targets)
    {
        var n = ++_unique;
        return (name.ToLowerInvariant(), kind) switch
        {
            (_, FieldKind.Uuid) => Pick(targets.Uuids).ToString(),
            (_, FieldKind.Boolean) => "true",
            ("page", _) => "1",
            ("page_size", _) => "20",
            ("limit", _) => "5",
            ("category" or "category_id" or "parent_id", _) => Pick(targets.Integers).ToString(CultureInfo.InvariantCulture),
            (_, FieldKind.WholeNumber or FieldKind.Number) => "1",
            ("email" or "login", _) => $"fuzz{n}@example.com",
            ("username", _) => $"fuzz{n}",
            ("password" or "new_password" or "current_password", _) => $"fuzz-password-{n}",
            ("language" or "preferred_language", _) => "en",
            ("role", _) => "moderator",
            ("rating", _) => "up",
            ("resolution", _) => "dismissed",
            ("status", _) => "open",
            ("granularity", _) => "day",
            ("from", _) => "2025-01-01",
            ("to", _) => "2025-01-31",
            ("refresh_token" or "token", _) => Convert.ToBase64String(RandomGuid().ToByteArray()),
            ("q" or "search", _) => "parcel",
            _ => "where is my parcel?",
        };
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private Guid RandomGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
