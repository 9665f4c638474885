namespace ChatBot.Core.Knowledge;

/// <summary>
/// A training example made from the knowledge base itself: one of its texts asked as a question, with that text hidden
/// (its FAQ should still win: a positive) or with its whole FAQ hidden (nothing should win: a stand-in for an
/// out-of-scope question).
/// </summary>
public sealed record PseudoQuery(string Text, float[] Embedding, string Language, long ExcludeVariantId, int? ExcludeFaqId, int? ExpectedFaqId)
{
    public CandidateQuery ToCandidateQuery() => new(Text, Embedding, Language, ExcludeVariantId: ExcludeVariantId, ExcludeFaqId: ExcludeFaqId);
}

/// <summary>A pseudo query with the candidates retrieval found for it.</summary>
public sealed record TrainingExample(PseudoQuery Query, IReadOnlyList<FaqCandidate> Candidates);
