namespace ChatBot.Core.Knowledge;

/// <summary>The writable content of an FAQ, from the API or an import row.</summary>
public sealed record FaqInput(
    string Question,
    string Answer,
    IReadOnlyList<string> Alternates,
    string Language,
    IReadOnlyList<string> Tags,
    bool IsActive,
    int? CategoryId,
    string? ExternalId);
