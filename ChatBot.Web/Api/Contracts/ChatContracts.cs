namespace ChatBot.Web.Api.Contracts;

public sealed record SourceItem(int FaqId, string Question, double Score);

public sealed record UsageInfo(int PromptTokens, int CompletionTokens);

public sealed record FeedbackInfo(string Rating, string? Comment, DateTimeOffset At);

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
    DateTimeOffset LastMessageAt);

public sealed record MessageItem(
    Guid Id,
    string Role,
    string Content,
    string Status,
    string? Model,
    int? PromptTokens,
    int? CompletionTokens,
    int? LatencyMs,
    bool Fallback,
    IReadOnlyList<SourceItem> Sources,
    FeedbackInfo? Feedback,
    DateTimeOffset CreatedAt);

public sealed record ConversationDetail(ConversationSummary Conversation, PagedList<MessageItem> Messages);

public sealed record HandoffInfo(Guid ConversationId, string HandoffStatus, DateTimeOffset? RequestedAt);

/// <summary>One numbered event of an answer's stream (the Api's SSE <c>data</c>).</summary>
public sealed record StreamEvent(
    long Seq,
    string Type,
    Guid? ConversationId = null,
    Guid? MessageId = null,
    Guid? UserMessageId = null,
    string? Text = null,
    IReadOnlyList<SourceItem>? Sources = null,
    bool? Fallback = null,
    string? Status = null,
    string? Model = null,
    UsageInfo? Usage = null,
    int? ResponseTimeMs = null,
    string? Code = null,
    string? Message = null)
{
    public bool IsTerminal => Type is "done" or "error";
}
