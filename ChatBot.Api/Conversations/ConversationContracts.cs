using System.ComponentModel.DataAnnotations;
using ChatBot.Api.Chat;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Conversations;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.Conversations;

/// <param name="Q">Finds conversations whose title or any message contains this text (case-insensitive).</param>
/// <param name="Status"><c>active</c> or <c>archived</c>; all when absent.</param>
public sealed record ConversationListRequest(
    [property: Range(1, 100_000)] int Page = 1,
    [property: Range(1, 100)][FromQuery(Name = "page_size")] int PageSize = 20,
    [property: MaxLength(200)] string? Q = null,
    string? Status = null);

public sealed record ConversationPageRequest(
    [property: Range(1, 100_000)] int Page = 1,
    [property: Range(1, 200)][FromQuery(Name = "page_size")] int PageSize = 50);

public sealed record ConversationSummary(
    Guid Id,
    string? Title,
    string Status,
    string Language,
    int MessageCount,
    int FallbackCount,
    string HandoffStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastMessageAt)
{
    public static ConversationSummary From(Conversation c) => new(c.Id, c.Title, c.Status.ToString().ToLowerInvariant(), c.Language,
        c.MessageCount, c.FallbackCount, c.HandoffStatus.ToString().ToLowerInvariant(), c.CreatedAt, c.UpdatedAt, c.LastMessageAt);
}

public sealed record FeedbackResponse(string Rating, string? Comment, DateTimeOffset At);

public sealed record MessageResponse(
    Guid Id,
    string Role,
    string Content,
    string Status,
    string? Model,
    int? PromptTokens,
    int? CompletionTokens,
    int? LatencyMs,
    bool Fallback,
    IReadOnlyList<SourceResponse> Sources,
    FeedbackResponse? Feedback,
    DateTimeOffset CreatedAt)
{
    public static MessageResponse From(Message m) => new(m.Id, m.Role.ToString().ToLowerInvariant(), m.Content, m.Status.ToWireName(),
        m.Model, m.PromptTokens, m.CompletionTokens, m.LatencyMs, m.IsFallback, m.Sources.Select(SourceResponse.From).ToList(),
        m.FeedbackRating is { } rating ? new FeedbackResponse(rating.ToString().ToLowerInvariant(), m.FeedbackComment, m.FeedbackAt!.Value) : null,
        m.CreatedAt);
}

public sealed record ConversationDetail(ConversationSummary Conversation, PagedResponse<MessageResponse> Messages);

/// <summary>Absent fields stay as they are.</summary>
public sealed record UpdateConversationRequest([property: MaxLength(200)] string? Title = null, bool? Archived = null);

public sealed record FeedbackRequest([property: Required] string? Rating, [property: MaxLength(2000)] string? Comment = null);

public sealed record HandoffRequest([property: MaxLength(2000)] string? Reason = null);

public sealed record HandoffResponse(Guid ConversationId, string HandoffStatus, DateTimeOffset? RequestedAt);

/// <param name="FaqId">The FAQ that answers the user's last question, when there is one: it is suggested as a phrasing.</param>
public sealed record HandoffResolution([property: Range(1, int.MaxValue)] int? FaqId = null);

public sealed record HandoffQueueItem(Guid ConversationId, Guid UserId, string? UserEmail, string? Title, string HandoffStatus, DateTimeOffset? RequestedAt, string? LastUserMessage);
