namespace ChatBot.Core.Knowledge;

/// <summary>An FAQ retrieval put forward for a query, with everything the answer model scores it on.</summary>
public sealed record FaqCandidate(
    int FaqId,
    string Question,
    string Answer,
    int? CategoryId,
    string Language,
    IReadOnlyList<VariantMatch> Variants)
{
    public double MaxSimilarity => Variants.Count == 0 ? 0 : Variants.Max(v => v.Similarity);
}

/// <summary>One of the candidate's texts, its embedding, and its cosine similarity to the query.</summary>
public sealed record VariantMatch(long VariantId, int Ordinal, string Text, float[] Embedding, double Similarity, bool Learned = false);
