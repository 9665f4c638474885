namespace ChatBot.Web.Api.Contracts;

public sealed record ModerationFlag(
    long Id,
    DateTimeOffset CreatedAt,
    string Source,
    Guid? UserId,
    Guid? ConversationId,
    Guid? MessageId,
    string Content,
    IReadOnlyList<string> Categories,
    bool Blocked,
    string Provider,
    string Status,
    string? Resolution,
    string? ResolutionNote,
    Guid? ResolvedById,
    DateTimeOffset? ResolvedAt);

public sealed record HandoffQueueItem(
    Guid ConversationId,
    Guid UserId,
    string? UserEmail,
    string? Title,
    string HandoffStatus,
    DateTimeOffset? RequestedAt,
    string? LastUserMessage);
