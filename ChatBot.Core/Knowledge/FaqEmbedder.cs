using ChatBot.Core.Ai;
using Microsoft.Extensions.AI;
using Pgvector;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Embeds an FAQ's question and each alternate (one vector per text), and their normalised mean as the FAQ's own
/// vector. Texts of many FAQs go to the model in batches.
/// </summary>
public sealed class FaqEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator, AiModels models, TimeProvider time)
{
    private const int BatchSize = 64;

    public string ModelId => models.EmbeddingModelId;

    /// <summary>Sets the FAQ's embedding fields and returns its variant rows (ids and filter columns filled in).</summary>
    public async Task<IReadOnlyDictionary<Faq, List<FaqVariant>>> EmbedAsync(IReadOnlyCollection<Faq> faqs, CancellationToken cancellationToken)
    {
        var texts = faqs.SelectMany(f => TextsOf(f).Select((text, ordinal) => (Faq: f, Ordinal: ordinal, Text: text))).ToList();
        var vectors = new List<float[]>(texts.Count);
        foreach (var batch in texts.Chunk(BatchSize))
        {
            var embeddings = await generator.GenerateAsync(batch.Select(t => t.Text), cancellationToken: cancellationToken);
            vectors.AddRange(embeddings.Select(e => Validate(e.Vector.ToArray())));
        }

        var now = time.GetUtcNow();
        var result = new Dictionary<Faq, List<FaqVariant>>();
        for (var i = 0; i < texts.Count; i++)
        {
            var (faq, ordinal, text) = texts[i];
            if (!result.TryGetValue(faq, out var variants))
            {
                result[faq] = variants = [];
            }

            variants.Add(new FaqVariant
            {
                FaqId = faq.Id,
                Ordinal = ordinal,
                Text = text,
                Language = faq.Language,
                IsActive = faq.IsActive,
                CategoryId = faq.CategoryId,
                Embedding = new Vector(vectors[i]),
                EmbeddingModel = ModelId,
            });
        }

        foreach (var (faq, variants) in result)
        {
            faq.Embedding = new Vector(VectorMath.NormalizedMean(variants.Select(v => v.Embedding.ToArray())));
            faq.EmbeddingModel = ModelId;
            faq.EmbeddedAt = now;
        }

        return result;
    }

    public static IEnumerable<string> TextsOf(Faq faq) => [faq.Question, .. faq.Alternates];

    private static float[] Validate(float[] vector) =>
        vector.Length == EmbeddingDimensions.Value
            ? vector
            : throw new InvalidOperationException(
                $"The embedding model returned {vector.Length} dimensions; the database stores {EmbeddingDimensions.Value}. Choose a model that supports {EmbeddingDimensions.Value} dimensions.");
}
