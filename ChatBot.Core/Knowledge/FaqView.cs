namespace ChatBot.Core.Knowledge;

/// <summary>An FAQ as readers see it (API responses and cache entries): no vectors, no search internals.</summary>
public sealed record FaqView(
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
    DateTimeOffset UpdatedAt)
{
    public static FaqView From(Faq f) => new(f.Id, f.ExternalId, f.Question, f.Answer, f.Alternates, f.LearnedAlternates, f.Language, f.Tags,
        f.IsActive, f.CategoryId, f.EmbeddingModel, f.EmbeddedAt, f.CreatedAt, f.UpdatedAt);
}
