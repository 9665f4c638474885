using System.Diagnostics;
using ChatBot.Core.Knowledge;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace ChatBot.Bench;

/// <summary>
/// Grows a knowledge base of synthetic FAQs inside PostgreSQL. FAQ <c>i</c> copies the texts of seed <c>i mod seeds</c>
/// with a word of its own appended ("plan kqzb"), and each text's embedding is the seed text's real embedding plus
/// fixed Gaussian noise (cosine about 0.9 to the original), renormalised. So the vector index and the full-text index
/// hold dense clusters of near-duplicates: a hard case for both, and real questions still have real neighbours.
/// </summary>
public sealed class SyntheticKnowledgeBase(NpgsqlConnection connection, string embeddingModel, int textsPerFaq)
{
    private const int NoiseVectors = 4096;
    private const double NoisePerDimension = 0.025;
    private const string Word = "'plan ' || chr(97 + i % 26) || chr(97 + (i / 26) % 26) || chr(97 + (i / 676) % 26) || chr(97 + (i / 17576) % 26)";

    private int _seeds;

    public int Size { get; private set; }

    public async Task PrepareAsync(IReadOnlyList<SeedFaq> seeds, CancellationToken cancellationToken)
    {
        _seeds = seeds.Count;
        await ExecuteAsync("""
            CREATE TEMP TABLE bench_seed_texts (seed int, ordinal int, text text, embedding vector(384));
            CREATE TEMP TABLE bench_noise (n int, v vector(384));
            """, cancellationToken);
        await using (var writer = await connection.BeginBinaryImportAsync("COPY bench_seed_texts (seed, ordinal, text, embedding) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var s = 0; s < seeds.Count; s++)
            {
                for (var t = 0; t < Math.Min(textsPerFaq, seeds[s].Texts.Count); t++)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(s, NpgsqlDbType.Integer, cancellationToken);
                    await writer.WriteAsync(t, NpgsqlDbType.Integer, cancellationToken);
                    await writer.WriteAsync(seeds[s].Texts[t], NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(new Vector(seeds[s].Embeddings[t]), "vector", cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        var random = new Random(20261125);
        await using (var writer = await connection.BeginBinaryImportAsync("COPY bench_noise (n, v) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var n = 0; n < NoiseVectors; n++)
            {
                var noise = new float[384];
                for (var d = 0; d < noise.Length; d++)
                {
                    // Box-Muller: a standard normal sample from two uniform ones.
                    var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    noise[d] = (float)(gaussian * NoisePerDimension);
                }

                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(n, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(new Vector(noise), "vector", cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Adds FAQs until there are <paramref name="size"/>, then builds the vector index in the shape the Worker's job
    /// would give it, once for all of them (faster than a graph growing by a text at a time).
    /// </summary>
    public async Task<(TimeSpan Insert, FaqTextIndexRebuild Index)> GrowToAsync(int size, FaqTextIndex index, CancellationToken cancellationToken)
    {
        var insert = Stopwatch.StartNew();
        await ExecuteAsync($"DROP INDEX IF EXISTS {FaqTextIndex.Name}", cancellationToken);
        await ExecuteAsync($"""
            INSERT INTO faqs (external_id, question, answer, alternates, language, tags, is_active, embedding, embedding_model, embedded_at, created_at, updated_at)
            SELECT 'bench-' || i, q.text || ' ' || {Word}, 'Synthetic answer number ' || i || '.',
                   ARRAY(SELECT a.text || ' ' || {Word} FROM bench_seed_texts a WHERE a.seed = q.seed AND a.ordinal > 0 ORDER BY a.ordinal),
                   'en', ARRAY[]::text[], true, q.embedding, '{embeddingModel}', now(), now(), now()
            FROM generate_series({Size}, {size - 1}) i
            JOIN bench_seed_texts q ON q.seed = i % {_seeds} AND q.ordinal = 0;

            INSERT INTO faq_variants (faq_id, ordinal, text, language, is_active, embedding, embedding_model)
            SELECT f.id, a.ordinal, a.text || ' ' || {Word}, 'en', true, l2_normalize(a.embedding + z.v), '{embeddingModel}'
            FROM (SELECT id, substring(external_id FROM 7)::int AS i FROM faqs WHERE external_id LIKE 'bench-%') f
            JOIN bench_seed_texts a ON a.seed = f.i % {_seeds}
            JOIN bench_noise z ON z.n = (f.i * 7 + a.ordinal) % {NoiseVectors}
            WHERE f.i >= {Size};
            """, cancellationToken);
        insert.Stop();
        var rebuild = await index.BuildAsync(cancellationToken);
        // What autovacuum would do soon after a bulk load: flush the full-text index's pending list, refresh statistics.
        await ExecuteAsync("VACUUM ANALYZE faqs", cancellationToken);
        await ExecuteAsync("VACUUM ANALYZE faq_variants", cancellationToken);
        Size = size;
        return (insert.Elapsed, rebuild);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
