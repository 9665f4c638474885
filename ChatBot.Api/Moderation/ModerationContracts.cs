using System.ComponentModel.DataAnnotations;
using ChatBot.Core.Moderation;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.Moderation;

public sealed record ModerationCheckRequest
{
    [Required, MaxLength(20000)]
    public string Text { get; init; } = "";
}

public sealed record ModerationCheckResponse(bool Flagged, bool Blocked, IReadOnlyList<string> Categories, string Provider)
{
    public static ModerationCheckResponse From(ModerationVerdict v) => new(v.Flagged, v.Blocked, v.Categories, v.Provider);
}

/// <param name="Status"><c>open</c> (default) or <c>resolved</c>.</param>
public sealed record ModerationQueueRequest(
    string Status = "open",
    [property: Range(1, 100_000)] int Page = 1,
    [property: Range(1, 100)][FromQuery(Name = "page_size")] int PageSize = 20);

public sealed record ModerationFlagResponse(
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
    DateTimeOffset? ResolvedAt)
{
    public static ModerationFlagResponse From(ModerationFlag f) => new(f.Id, f.CreatedAt, f.Source, f.UserId, f.ConversationId, f.MessageId,
        f.Content, f.Categories, f.Blocked, f.Provider, f.Status.ToString().ToLowerInvariant(), f.Resolution, f.ResolutionNote, f.ResolvedById, f.ResolvedAt);
}

public sealed record ResolveFlagRequest
{
    /// <summary><c>dismissed</c> (nothing wrong) or <c>confirmed</c> (the flag was right).</summary>
    [Required]
    public string Resolution { get; init; } = "";

    [MaxLength(2000)]
    public string? Note { get; init; }
}
