namespace ChatBot.Core.Learning;

/// <summary>
/// A real user question suggested as one more way of asking an FAQ, with where it came from. It changes nothing for
/// anyone until it is approved, by a moderator or (if switched on) by enough distinct users confirming it.
/// </summary>
public sealed class FaqSuggestion
{
    public long Id { get; init; }

    public int FaqId { get; init; }

    /// <summary>The question as the user wrote it (trimmed), stored only after moderation passed it.</summary>
    public required string Text { get; init; }

    /// <summary>The question reduced to its words (<see cref="PhrasingKey"/>): near-identical questions share it.</summary>
    public required string Key { get; init; }

    public SuggestionSource Source { get; init; }

    /// <summary>The user's message that asked it; the suggestion goes when the message does (erasure, retention).</summary>
    public Guid MessageId { get; init; }

    /// <summary>Who confirmed that the FAQ answers it: the user who rated the answer, or the moderator who picked it.</summary>
    public Guid ConfirmedById { get; init; }

    public SuggestionStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>The moderator who approved or rejected it; null when enough users' confirmations approved it.</summary>
    public Guid? ReviewedById { get; set; }
}
