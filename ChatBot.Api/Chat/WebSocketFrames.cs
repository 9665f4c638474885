using System.Net.WebSockets;
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

/// <summary>What one receive on a chat socket got: a whole text frame, a close (with why), or nothing before the timeout.</summary>
public sealed record ReceivedFrame(string? Text, bool Closed, WebSocketCloseStatus? CloseStatus, string? CloseReason, bool TimedOut = false)
{
    public static readonly ReceivedFrame Gone = new(null, true, null, null);

    public static readonly ReceivedFrame Timeout = new(null, false, null, null, TimedOut: true);
}
