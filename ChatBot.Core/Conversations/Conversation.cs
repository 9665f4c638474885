namespace ChatBot.Core.Conversations;

/// <summary>A chat session between one user and the bot, with running totals for analytics.</summary>
public sealed class Conversation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid UserId { get; init; }

    public string? Title { get; set; }

    public ConversationStatus Status { get; set; } = ConversationStatus.Active;

    public string Language { get; set; } = "en";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset LastMessageAt { get; set; }

    public int MessageCount { get; set; }

    public int PromptTokens { get; set; }

    public int CompletionTokens { get; set; }

    /// <summary>Assistant answers that fell back to "I don't know" (a quality signal).</summary>
    public int FallbackCount { get; set; }

    public int ThumbsUpCount { get; set; }

    public int ThumbsDownCount { get; set; }

    public HandoffStatus HandoffStatus { get; set; } = HandoffStatus.None;

    public DateTimeOffset? HandoffRequestedAt { get; set; }

    public List<Message> Messages { get; init; } = [];
}
