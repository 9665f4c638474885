using ChatBot.Api.Conversations;
using ChatBot.Core.Conversations;

namespace ChatBot.Api.Chat;

/// <summary>An answer read back from the database, shaped as the events its live stream had (text as one delta).</summary>
public static class StoredAnswerEvents
{
    public static IReadOnlyList<StreamEvent> For(Message message) =>
    [
        new() { Seq = 1, Type = StreamEvent.Start, ConversationId = message.ConversationId, MessageId = message.Id },
        new() { Seq = 2, Type = StreamEvent.Delta, Text = message.Content },
        new() { Seq = 3, Type = StreamEvent.Sources, SourceList = message.Sources.Select(SourceResponse.From).ToList(), Fallback = message.IsFallback },
        new()
        {
            Seq = 4,
            Type = StreamEvent.Done,
            MessageId = message.Id,
            ConversationId = message.ConversationId,
            Status = message.Status.ToWireName(),
            Model = message.Model,
            Usage = new UsageResponse(message.PromptTokens ?? 0, message.CompletionTokens ?? 0),
            ResponseTimeMs = message.LatencyMs,
            Fallback = message.IsFallback,
        },
    ];
}
