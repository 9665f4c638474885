using System.Numerics.Tensors;
using ChatBot.Core.Knowledge;
using Npgsql;
using Pgvector;

namespace ChatBot.Bench;

/// <summary>
/// How many of a question's 10 truly nearest FAQs (an exact scan: cosine to every active text, an FAQ as near as its
/// nearest text) the search's candidates contain. The candidates are all the answer model ever scores, so an FAQ the
/// approximate HNSW index (or the full-text leg) misses here can never be the answer.
/// </summary>
public sealed class CandidateRecall
{
    public const int K = 10;

    /// <summary>Cosine distance within which a candidate ties the exact 10th nearest (ann-benchmarks' epsilon).</summary>
    public const double Tolerance = 1e-3;

    private readonly int[] _faqIds;
    private readonly float[] _embeddings;
    private readonly int _dimensions;
    private readonly float[] _bestByFaq;

    private CandidateRecall(int[] faqIds, float[] embeddings, int dimensions)
    {
        _faqIds = faqIds;
        _embeddings = embeddings;
        _dimensions = dimensions;
        _bestByFaq = new float[faqIds.Length == 0 ? 1 : faqIds.Max() + 1];
    }

    /// <summary>Loads every active text's FAQ and (unit-length) embedding, the same rows the index serves.</summary>
    public static async Task<CandidateRecall> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM faq_variants WHERE is_active AND embedding IS NOT NULL", connection);
        var rows = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        var faqIds = new List<int>(rows);
        var embeddings = new List<float>(rows * EmbeddingDimensions.Value);
        var dimensions = 0;
        await using var command = new NpgsqlCommand("SELECT faq_id, embedding FROM faq_variants WHERE is_active AND embedding IS NOT NULL", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            faqIds.Add(reader.GetInt32(0));
            var vector = reader.GetFieldValue<Vector>(1).Memory.Span;
            dimensions = vector.Length;
            var norm = TensorPrimitives.Norm(vector);
            foreach (var value in vector)
            {
                embeddings.Add(value / norm);
            }
        }

        return new CandidateRecall([.. faqIds], [.. embeddings], dimensions);
    }

    /// <summary>
    /// Strict: the share (0..1) of the exact 10 nearest FAQs that are among <paramref name="candidates"/>. Tolerant, as
    /// ann-benchmarks counts it: the share of the candidates' own 10 nearest that are no farther than the exact 10th
    /// plus <see cref="Tolerance"/>, so a near-tie with a missed FAQ is not a miss.
    /// </summary>
    public (double Strict, double Tolerant) Of(float[] question, IReadOnlyList<FaqCandidate> candidates)
    {
        var exact = Nearest(question);
        var found = candidates.Select(c => c.FaqId).ToHashSet();
        var strict = exact.Count(found.Contains) / (double)exact.Length;
        var tenth = _bestByFaq[exact[^1]] - Tolerance;
        var tolerant = candidates.Select(c => c.MaxSimilarity).OrderDescending().Take(K).Count(similarity => similarity >= tenth) / (double)exact.Length;
        return (strict, tolerant);
    }

    private int[] Nearest(float[] question)
    {
        var unit = new float[question.Length];
        TensorPrimitives.Divide(question, TensorPrimitives.Norm(question), unit);
        Array.Fill(_bestByFaq, float.NegativeInfinity);
        for (var row = 0; row < _faqIds.Length; row++)
        {
            var similarity = TensorPrimitives.Dot(unit, _embeddings.AsSpan(row * _dimensions, _dimensions));
            ref var best = ref _bestByFaq[_faqIds[row]];
            best = Math.Max(best, similarity);
        }

        return Enumerable.Range(0, _bestByFaq.Length)
            .Where(id => !float.IsNegativeInfinity(_bestByFaq[id]))
            .OrderByDescending(id => _bestByFaq[id])
            .ThenBy(id => id)
            .Take(K)
            .ToArray();
    }
}
