namespace ChatBot.Core.Knowledge;

/// <summary>An FAQ retrieval put forward for a query, with everything the answer model scores it on.</summary>
public sealed record FaqCandidate(
    int FaqId,
    string Question,
    string Answer,
    int? CategoryId,
    string Language,
    double CentroidSimilarity,
    IReadOnlyList<VariantMatch> Variants)
{
    public double MaxSimilarity => Variants.Count == 0 ? 0 : Variants.Max(v => v.Similarity);

    public double MaxLexicalRank => Variants.Count == 0 ? 0 : Variants.Max(v => v.LexicalRank);
}

/// <summary>One of the candidate's texts: cosine similarity to the query and PostgreSQL's ts_rank_cd against it.</summary>
public sealed record VariantMatch(long VariantId, int Ordinal, string Text, double Similarity, double LexicalRank);
