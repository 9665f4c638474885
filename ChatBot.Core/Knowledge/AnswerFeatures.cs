namespace ChatBot.Core.Knowledge;

/// <summary>
/// What the answer model looks at for each candidate: how close its nearest texts are, how close its centre is, how
/// its words overlap the question, and how far it stands out from the other candidates.
/// </summary>
public static class AnswerFeatures
{
    public const int Count = 7;

    public static double[][] Compute(IReadOnlyList<FaqCandidate> candidates)
    {
        var max = candidates.Select(c => c.MaxSimilarity).ToArray();
        var features = new double[candidates.Count][];
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var sims = candidate.Variants.Select(v => v.Similarity).OrderDescending().ToArray();
            var bestOther = max.Where((_, j) => j != i).DefaultIfEmpty(0).Max();
            features[i] =
            [
                1.0,
                sims.Length > 0 ? sims[0] : 0,
                sims.Length > 1 ? (sims[0] + sims[1]) / 2 : sims.FirstOrDefault(),
                candidate.CentroidSimilarity,
                Squash(candidate.MaxLexicalRank),
                max[i] - bestOther,
                sims.Length > 0 ? sims.Average() : 0,
            ];
        }

        return features;
    }

    /// <summary>ts_rank_cd is unbounded; this maps it into [0, 1).</summary>
    private static double Squash(double rank) => rank / (rank + 0.1);
}
