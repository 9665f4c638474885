using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>A minimal Server-Sent Events parser over a live response stream (what a browser's EventSource does).</summary>
public static class SseReader
{
    public sealed record SseEvent(long? Id, string Event, JsonElement Data);

    public static async IAsyncEnumerable<SseEvent> ReadAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        long? id = null;
        string? type = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return new SseEvent(id, type ?? "message", JsonDocument.Parse(string.Join('\n', data)).RootElement.Clone());
                }

                id = null;
                type = null;
                data.Clear();
                continue;
            }

            if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = long.Parse(line[3..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].TrimStart());
            }
        }
    }
}
