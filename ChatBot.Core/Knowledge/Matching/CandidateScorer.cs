using System.Numerics.Tensors;

namespace ChatBot.Core.Knowledge.Matching;

/// <summary>
/// The fused score of a candidate FAQ for a question: its projected centroid's cosine, its best projected text's
/// cosine, its best raw text cosine and its BM25 overlap, weighted. Used identically at question time and when the
/// threshold is calibrated on pseudo-questions.
/// </summary>
public sealed class CandidateScorer(LdaProjection projection, Bm25Statistics words, MatchingOptions options)
{
    public IReadOnlyList<RankedFaq> Rank(string query, float[] queryEmbedding, IReadOnlyList<FaqCandidate> candidates)
    {
        var projectedQuery = projection.Transform(queryEmbedding);
        var queryTokens = TextTokens.Of(query);
        var queryNorm = words.QueryNorm(queryTokens);
        var ranked = new List<RankedFaq>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (candidate.Variants.Count == 0)
            {
                continue;
            }

            var centroid = new float[projection.Dimensions];
            var projectedMax = double.NegativeInfinity;
            var rawMax = double.NegativeInfinity;
            var termCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            var length = 0;
            foreach (var variant in candidate.Variants)
            {
                var projected = projection.Transform(variant.Embedding);
                TensorPrimitives.Add(centroid, projected, centroid);
                projectedMax = Math.Max(projectedMax, TensorPrimitives.Dot(projected, projectedQuery));
                rawMax = Math.Max(rawMax, TensorPrimitives.Dot(variant.Embedding, queryEmbedding));
                foreach (var token in TextTokens.Of(variant.Text))
                {
                    termCounts[token] = termCounts.GetValueOrDefault(token) + 1;
                    length++;
                }
            }

            var norm = TensorPrimitives.Norm(centroid);
            var centroidCosine = norm > 0 ? TensorPrimitives.Dot(centroid, projectedQuery) / norm : 0;
            var lexical = words.Score(queryTokens, queryNorm, termCounts, length);
            var fused = options.CentroidWeight * centroidCosine + options.ProjectedMaxWeight * projectedMax
                        + options.RawMaxWeight * rawMax + options.LexicalWeight * lexical;
            ranked.Add(new RankedFaq(candidate, fused / options.MaxScore, rawMax, lexical));
        }

        ranked.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Faq.FaqId.CompareTo(b.Faq.FaqId));
        return ranked;
    }
}
