using System.Text.Json.Serialization;

namespace ChatBot.Api.Chat;

/// <summary>A frame a client sends: <c>auth</c>, <c>message</c>, <c>stop</c>, <c>resume</c> or <c>ping</c>.</summary>
public sealed record ClientFrame(
    string? Type,
    string? AccessToken = null,
    string? Message = null,
    Guid? ConversationId = null,
    string? Language = null,
    Guid? MessageId = null,
    long? AfterSeq = null);

/// <summary>A frame the server sends besides stream events: <c>ready</c>, <c>pong</c>, <c>error</c>, <c>stopping</c>.</summary>
public sealed record ServerFrame(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? MessageId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? UserId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Category = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RetryAfterSeconds = null);
