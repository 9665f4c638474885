using System.Text.Json.Serialization;
using ChatBot.Api.Conversations;
using ChatBot.Core.Conversations;

namespace ChatBot.Api.Chat;

/// <summary>
/// One numbered event of an answer's stream, identical over SSE, WebSocket and resume: <c>start</c>, <c>delta</c>,
/// <c>sources</c>, <c>done</c> or <c>error</c>. <see cref="Seq"/> starts at 1 and has no gaps.
/// </summary>
public sealed record StreamEvent
{
    public const string Start = "start";
    public const string Delta = "delta";
    public const string Sources = "sources";
    public const string Done = "done";
    public const string Error = "error";

    public long Seq { get; init; }

    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? ConversationId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? MessageId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? UserMessageId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    [JsonPropertyName("sources")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SourceResponse>? SourceList { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Fallback { get; init; }

    /// <summary>On <c>done</c>: complete, stopped or failed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UsageResponse? Usage { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ResponseTimeMs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    [JsonIgnore]
    public bool IsTerminal => Type is Done or Error;
}
