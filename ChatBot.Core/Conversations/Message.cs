namespace ChatBot.Core.Conversations;

/// <summary>One turn of a conversation, with what it cost and where its answer came from.</summary>
public sealed class Message
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid ConversationId { get; init; }

    public MessageRole Role { get; init; }

    public string Content { get; set; } = "";

    public MessageStatus Status { get; set; } = MessageStatus.Complete;

    public string? Language { get; set; }

    /// <summary>The model that wrote an assistant message, e.g. <c>local-retrieval</c> or <c>gpt-4o-mini</c>.</summary>
    public string? Model { get; set; }

    public int? PromptTokens { get; set; }

    public int? CompletionTokens { get; set; }

    public int? LatencyMs { get; set; }

    /// <summary>True when the bot was not confident and answered with the fallback.</summary>
    public bool IsFallback { get; set; }

    public ModerationOutcome? Moderation { get; set; }

    public List<CitedSource> Sources { get; set; } = [];

    public FeedbackRating? FeedbackRating { get; set; }

    public string? FeedbackComment { get; set; }

    public DateTimeOffset? FeedbackAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public Conversation? Conversation { get; init; }
}
