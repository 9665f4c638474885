using ChatBot.Api.Conversations;

namespace ChatBot.Api.Chat;

/// <summary>The seed's send request: a message, optionally into an existing conversation, optionally with a language.</summary>
public sealed record SendMessageRequest(string? Message, Guid? ConversationId = null, string? Language = null);

/// <summary>The seed's send response, plus timings and the model that answered.</summary>
public sealed record SendMessageResponse(
    Guid ConversationId,
    Guid MessageId,
    string Response,
    IReadOnlyList<SourceResponse> Sources,
    bool Fallback,
    string Model,
    UsageResponse Usage,
    int ResponseTimeMs,
    string Status);

public sealed record StopResponse(Guid MessageId, string Status);
