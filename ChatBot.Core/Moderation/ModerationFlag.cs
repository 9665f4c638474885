namespace ChatBot.Core.Moderation;

/// <summary>Content moderation flagged or blocked, waiting for a moderator. PII in it is masked before it is stored.</summary>
public sealed class ModerationFlag
{
    public long Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>input</c> (a user's message), <c>output</c> (a bot answer) or <c>check</c> (an admin's test).</summary>
    public required string Source { get; init; }

    public Guid? UserId { get; set; }

    public Guid? ConversationId { get; init; }

    public Guid? MessageId { get; init; }

    /// <summary>The content with card numbers, emails and phone numbers masked.</summary>
    public required string Content { get; init; }

    public List<string> Categories { get; init; } = [];

    public bool Blocked { get; init; }

    public required string Provider { get; init; }

    public ModerationFlagStatus Status { get; set; } = ModerationFlagStatus.Open;

    public Guid? ResolvedById { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>The moderator's call: <c>dismissed</c> (false alarm) or <c>confirmed</c>, with an optional note.</summary>
    public string? Resolution { get; set; }

    public string? ResolutionNote { get; set; }
}

public enum ModerationFlagStatus
{
    Open,
    Resolved,
}
