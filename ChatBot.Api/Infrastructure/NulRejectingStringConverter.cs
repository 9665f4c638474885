using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatBot.Api.Infrastructure;

/// <summary>
/// Refuses text holding U+0000 in any JSON body or socket frame: PostgreSQL text cannot store it, so it would fail deep
/// in a write as a 500. Refusing it here makes it a 400 naming the field (the JSON path), before anything is done.
/// Together with <see cref="NulQueryGuard"/> this is the one place that decides; we refuse rather than strip, so no
/// text is silently changed.
/// </summary>
public sealed class NulRejectingStringConverter : JsonConverter<string>
{
    public const string Message = "Text may not contain the NUL character (U+0000).";

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && value.Contains('\0', StringComparison.Ordinal) ? throw new JsonException(Message) : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
