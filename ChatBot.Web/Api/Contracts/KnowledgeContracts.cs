namespace ChatBot.Web.Api.Contracts;

public sealed record FaqItem(
    int Id,
    string? ExternalId,
    string Question,
    string Answer,
    IReadOnlyList<string> Alternates,
    IReadOnlyList<string> LearnedAlternates,
    string Language,
    IReadOnlyList<string> Tags,
    bool IsActive,
    int? CategoryId,
    string? EmbeddingModel,
    DateTimeOffset? EmbeddedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Create or replace an FAQ.</summary>
public sealed record FaqInput(
    string Question,
    string Answer,
    IReadOnlyList<string> Alternates,
    string Language,
    IReadOnlyList<string> Tags,
    bool IsActive,
    int? CategoryId);

public sealed record CategoryNode(int Id, string Name, string Slug, string? Description, int? ParentId, int SortOrder, IReadOnlyList<CategoryNode> Children);

public sealed record CategoryInput(string Name, string? Description, int? ParentId, int SortOrder = 0);

/// <summary>An import the Worker is writing: queued, running (rows done of total), completed or failed (with row errors).</summary>
public sealed record ImportProgress(
    Guid Id,
    string Status,
    string FileName,
    int TotalRows,
    int DoneRows,
    int Created,
    int Updated,
    IReadOnlyList<string> Errors,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public bool IsFinished => Status is "completed" or "failed";
}

/// <summary>A user question suggested as a phrasing of an FAQ, waiting for (or past) a moderator's review.</summary>
public sealed record FaqSuggestion(
    long Id,
    int FaqId,
    string FaqQuestion,
    string Text,
    string Source,
    string Status,
    int Confirmations,
    Guid MessageId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReviewedAt);

public sealed record SuggestionReview(int Reviewed);

/// <summary>One search hit, as much as a picker needs.</summary>
public sealed record FaqSearchHit(int FaqId, string Question, double Score);

public sealed record FaqSearchResponse(string Query, IReadOnlyList<FaqSearchHit> Results, bool Confident, double Threshold);
