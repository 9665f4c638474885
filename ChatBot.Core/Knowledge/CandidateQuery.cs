namespace ChatBot.Core.Knowledge;

/// <summary>What to look for and where: the query, its embedding, and optional filters.</summary>
public sealed record CandidateQuery(string Text, float[] Embedding, string? Language = null, IReadOnlyList<int>? CategoryIds = null);
