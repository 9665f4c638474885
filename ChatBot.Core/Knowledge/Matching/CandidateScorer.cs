using System.Numerics.Tensors;

namespace ChatBot.Core.Knowledge.Matching;

/// <summary>
/// The fused score of a candidate FAQ for a question: its projected centroid's cosine, its best projected text's
/// cosine, its best raw text cosine and its BM25 overlap, weighted. Used identically at question time and when the
/// threshold is calibrated on pseudo-questions (where each FAQ is prepared once and scored against many questions).
/// </summary>
public sealed class CandidateScorer(LdaProjection projection, Bm25Statistics words, MatchingOptions options)
{
    public IReadOnlyList<RankedFaq> Rank(string query, float[] queryEmbedding, IReadOnlyList<FaqCandidate> candidates) =>
        Rank(Prepare(query, queryEmbedding), candidates.Where(c => c.Variants.Count > 0).Select(Prepare).ToList());

    public IReadOnlyList<RankedFaq> Rank(PreparedQuery query, IReadOnlyList<PreparedCandidate> candidates)
    {
        var ranked = new List<RankedFaq>(candidates.Count);
        foreach (var candidate in candidates)
        {
            ranked.Add(Score(query, candidate));
        }

        ranked.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Faq.FaqId.CompareTo(b.Faq.FaqId));
        return ranked;
    }

    public PreparedQuery Prepare(string query, float[] queryEmbedding)
    {
        var tokens = TextTokens.Of(query);
        return new PreparedQuery(queryEmbedding, projection.Transform(queryEmbedding), tokens, words.QueryNorm(tokens));
    }

    /// <summary>Everything about a candidate that does not depend on the question: projected texts, centroid, term counts.</summary>
    public PreparedCandidate Prepare(FaqCandidate candidate)
    {
        var projected = new float[candidate.Variants.Count][];
        var centroid = new float[projection.Dimensions];
        var termCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var length = 0;
        for (var i = 0; i < projected.Length; i++)
        {
            var variant = candidate.Variants[i];
            projected[i] = projection.Transform(variant.Embedding);
            TensorPrimitives.Add(centroid, projected[i], centroid);
            foreach (var token in TextTokens.Of(variant.Text))
            {
                termCounts[token] = termCounts.GetValueOrDefault(token) + 1;
                length++;
            }
        }

        var norm = TensorPrimitives.Norm(centroid);
        if (norm > 0)
        {
            TensorPrimitives.Divide(centroid, norm, centroid);
        }

        return new PreparedCandidate(candidate, projected, centroid, termCounts, length);
    }

    private RankedFaq Score(PreparedQuery query, PreparedCandidate candidate)
    {
        var projectedMax = double.NegativeInfinity;
        var rawMax = double.NegativeInfinity;
        for (var i = 0; i < candidate.Projected.Length; i++)
        {
            projectedMax = Math.Max(projectedMax, TensorPrimitives.Dot(candidate.Projected[i], query.Projected));
            rawMax = Math.Max(rawMax, TensorPrimitives.Dot(candidate.Faq.Variants[i].Embedding, query.Embedding));
        }

        var centroidCosine = TensorPrimitives.Dot(candidate.Centroid, query.Projected);
        var lexical = words.Score(query.Tokens, query.Norm, candidate.TermCounts, candidate.Length);
        var fused = options.CentroidWeight * centroidCosine + options.ProjectedMaxWeight * projectedMax
                    + options.RawMaxWeight * rawMax + options.LexicalWeight * lexical;
        return new RankedFaq(candidate.Faq, fused / options.MaxScore, rawMax, lexical);
    }
}

/// <summary>A question as the scorer needs it: raw and projected embedding, word tokens and their BM25 norm.</summary>
public sealed record PreparedQuery(float[] Embedding, float[] Projected, IReadOnlyList<string> Tokens, double Norm);

/// <summary>A candidate FAQ's question-independent parts: projected texts, unit centroid, term counts and length.</summary>
public sealed record PreparedCandidate(FaqCandidate Faq, float[][] Projected, float[] Centroid, IReadOnlyDictionary<string, int> TermCounts, int Length);
