using ChatBot.Core.Answering;

namespace ChatBot.Api.Chat;

/// <summary>Everything the background generation of one answer needs once the request that started it is gone.</summary>
public sealed record ActiveTurn(
    Guid UserId,
    Guid ConversationId,
    Guid UserMessageId,
    Guid AssistantMessageId,
    bool IsFirstExchange,
    string Language,
    PreparedTurn Prepared);
