namespace ChatBot.Core.Analytics;

/// <summary>One usage fact (a chat turn, feedback, a search, a sign-in) for the analytics dashboards.</summary>
public sealed class AnalyticsEvent
{
    public long Id { get; init; }

    /// <summary>What happened, e.g. <c>chat.turn</c>, <c>chat.feedback</c>, <c>faq.search</c>.</summary>
    public required string Name { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public Guid? UserId { get; set; }

    public Guid? ConversationId { get; init; }

    public Guid? MessageId { get; init; }

    public string? Language { get; init; }

    public int? LatencyMs { get; init; }

    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    public bool? IsFallback { get; init; }

    /// <summary>Anything else, as a JSON object.</summary>
    public string? Properties { get; init; }
}
