using ChatBot.Core.Data;
using ChatBot.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Analytics;

/// <summary>
/// The questions that got the fallback answer in a range, grouped by similarity of their embeddings, most frequent
/// first. Only questions of users who consent to data processing are read, with personal data masked.
/// </summary>
public sealed class UnansweredQuestionGroups(
    ChatBotDbContext db,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    ILogger<UnansweredQuestionGroups> logger)
{
    /// <summary>The most recent questions considered; enough to show the gaps, bounded so the dashboard stays fast.</summary>
    private const int MaxQuestions = 300;

    /// <summary>Cosine similarity above which two questions ask the same thing (MiniLM paraphrases score 0.7-0.9).</summary>
    private const float SameQuestion = 0.75f;

    public async Task<IReadOnlyList<UnansweredQuestion>> ReadAsync(DateOnly from, DateOnly to, int top, CancellationToken cancellationToken)
    {
        var start = DailyCounterQuery.StartOf(from);
        var end = DailyCounterQuery.StartOf(to.AddDays(1));
        var questions = await db.Database.SqlQuery<string>($"""
            SELECT q.content AS "Value"
            FROM messages a
            JOIN conversations c ON c.id = a.conversation_id
            JOIN users u ON u.id = c.user_id AND u.data_processing_consent
            CROSS JOIN LATERAL (
                SELECT content FROM messages q
                WHERE q.conversation_id = a.conversation_id AND q.role = 'User' AND q.created_at <= a.created_at
                ORDER BY q.created_at DESC LIMIT 1) AS q
            WHERE a.role = 'Assistant' AND a.is_fallback AND a.created_at >= {start} AND a.created_at < {end}
            ORDER BY a.created_at DESC
            LIMIT {MaxQuestions}
            """).ToListAsync(cancellationToken);
        var wordings = questions
            .Select(q => PiiPatterns.Mask(q.Trim()))
            .Where(q => q.Length > 0)
            .GroupBy(q => q.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => (Text: g.First(), Count: g.Count()))
            .OrderByDescending(w => w.Count)
            .ToList();
        if (wordings.Count == 0)
        {
            return [];
        }

        var vectors = await EmbedAsync(wordings.Select(w => w.Text).ToList(), cancellationToken);
        var groups = new List<List<int>>();
        for (var i = 0; i < wordings.Count; i++)
        {
            var group = vectors is null ? null : groups.FirstOrDefault(g => Similarity(vectors[g[0]], vectors[i]) >= SameQuestion);
            if (group is null)
            {
                groups.Add([i]);
            }
            else
            {
                group.Add(i);
            }
        }

        return [.. groups
            .Select(g => new UnansweredQuestion(
                wordings[g[0]].Text,
                g.Sum(i => wordings[i].Count),
                [.. g.Skip(1).Take(3).Select(i => wordings[i].Text)]))
            .OrderByDescending(q => q.Count)
            .Take(top)];
    }

    /// <summary>Normalised vectors, or null when the embedder is down (then only identical wordings are grouped).</summary>
    private async Task<float[][]?> EmbedAsync(List<string> texts, CancellationToken cancellationToken)
    {
        try
        {
            var generated = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken);
            return [.. generated.Select(e => Normalize(e.Vector.ToArray()))];
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Unanswered questions grouped by wording only: the embedder failed");
            return null;
        }
    }

    private static float Similarity(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static float[] Normalize(float[] vector)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }
}
