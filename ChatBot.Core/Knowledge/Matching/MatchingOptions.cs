namespace ChatBot.Core.Knowledge.Matching;

/// <summary>
/// The global settings of the answer matcher: the same for every knowledge base (everything per-KB is learned from
/// its own FAQs). Chosen on the public evaluation dev splits; see docs/answer-quality.md.
/// </summary>
public sealed record MatchingOptions
{
    /// <summary>Candidate FAQs scored per question (by best cosine of any of their texts).</summary>
    public int Candidates { get; init; } = 20;

    /// <summary>Within-FAQ scatter shrinkage for the LDA projection: Sw + Shrinkage * trace(Sw)/d * I.</summary>
    public double Shrinkage { get; init; } = 1.0;

    /// <summary>Exponent on the between/within eigenvalues that scale the LDA directions.</summary>
    public double EigenPower { get; init; } = 0.25;

    /// <summary>
    /// A discriminant projection needs many FAQs: with F FAQs it keeps only F-1 directions, in which an off-topic
    /// question can look close to anything. Smaller knowledge bases are matched with plain cosine instead.
    /// </summary>
    public int MinFaqsForProjection { get; init; } = 40;

    public double CentroidWeight { get; init; } = 1.0;

    public double ProjectedMaxWeight { get; init; } = 0.5;

    public double RawMaxWeight { get; init; } = 0.5;

    public double LexicalWeight { get; init; } = 0.2;

    public double Bm25K1 { get; init; } = 1.2;

    public double Bm25B { get; init; } = 0.75;

    /// <summary>Threshold = min(this quantile of pseudo-negative scores, <see cref="PositiveQuantile"/> of pseudo-positives).</summary>
    public double NegativeQuantile { get; init; } = 0.35;

    public double PositiveQuantile { get; init; } = 0.05;

    /// <summary>When even this quantile of pseudo-negatives stays below the positives, the two are treated as separated.</summary>
    public double SeparatedNegativeQuantile { get; init; } = 0.95;

    /// <summary>Fold f holds out the f-th text of every FAQ.</summary>
    public int Folds { get; init; } = 6;

    /// <summary>Pseudo-questions per fold at most (sampled), so training cost stays bounded on large knowledge bases.</summary>
    public int MaxPseudoQueriesPerFold { get; init; } = 500;

    /// <summary>Above this many FAQs, calibration folds reuse the full projection instead of refitting it per fold.</summary>
    public int MaxFaqsForFoldProjections { get; init; } = 1000;

    /// <summary>FAQs used for training at most (sampled); the whole knowledge base below that.</summary>
    public int MaxTrainingFaqs { get; init; } = 5000;

    public int Seed { get; init; } = 12345;

    /// <summary>Largest possible fused score, for reporting scores on a 0-1 scale.</summary>
    public double MaxScore => CentroidWeight + ProjectedMaxWeight + RawMaxWeight + LexicalWeight;
}
