namespace ChatBot.Core.Knowledge;

/// <summary>What to look for and where: the query, its embedding, filters, and (for self-training) what to hide.</summary>
public sealed record CandidateQuery(
    string Text,
    float[] Embedding,
    string? Language = null,
    IReadOnlyList<int>? CategoryIds = null,
    long? ExcludeVariantId = null,
    int? ExcludeFaqId = null);
