namespace ChatBot.Core.Knowledge.Matching;

/// <summary>
/// Knowledge-base word statistics for BM25, with one document per FAQ (all its texts together): inverse document
/// frequencies and the average document length. Scores are normalised to 0-1 by the query's own best case.
/// </summary>
public sealed class Bm25Statistics(Dictionary<string, double> idf, double unknownIdf, double averageLength, double k1, double b)
{
    public IReadOnlyDictionary<string, double> Idf => idf;

    public double UnknownIdf => unknownIdf;

    public double AverageLength => averageLength;

    public static Bm25Statistics Fit(IReadOnlyList<IReadOnlyList<List<string>>> tokensPerFaq, double k1, double b)
    {
        var n = tokensPerFaq.Count;
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var totalLength = 0L;
        foreach (var faq in tokensPerFaq)
        {
            foreach (var token in faq.SelectMany(t => t).Distinct(StringComparer.Ordinal))
            {
                documentFrequency[token] = documentFrequency.GetValueOrDefault(token) + 1;
            }

            totalLength += faq.Sum(t => t.Count);
        }

        var idf = documentFrequency.ToDictionary(p => p.Key, p => Math.Log(1 + (n - p.Value + 0.5) / (p.Value + 0.5)), StringComparer.Ordinal);
        var average = n > 0 && totalLength > 0 ? (double)totalLength / n : 1;
        return new Bm25Statistics(idf, Math.Log(1 + (n + 0.5) / 0.5), average, k1, b);
    }

    /// <summary>Sum of the idf of the query's distinct words (unknown words count fully): the normaliser.</summary>
    public double QueryNorm(IReadOnlyList<string> query)
    {
        var sum = query.Distinct(StringComparer.Ordinal).Sum(t => idf.TryGetValue(t, out var value) ? value : unknownIdf);
        return sum > 0 ? sum : 1;
    }

    /// <summary>BM25 of the query against one FAQ's word counts, divided by the query norm and (k1 + 1).</summary>
    public double Score(IReadOnlyList<string> query, double queryNorm, IReadOnlyDictionary<string, int> termCounts, int documentLength)
    {
        var lengthNorm = k1 * (1 - b + b * documentLength / averageLength);
        var score = 0.0;
        foreach (var token in query)
        {
            if (termCounts.TryGetValue(token, out var count) && idf.TryGetValue(token, out var weight))
            {
                score += weight * count * (k1 + 1) / (count + lengthNorm);
            }
        }

        return score / queryNorm / (k1 + 1);
    }
}
