using System.Diagnostics;
using System.Globalization;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// The FAQ texts' vector index, over half-precision embeddings, in the shape that suits the knowledge base's size. Up to
/// <see cref="KnowledgeOptions.ListsFromTexts"/> texts it is an HNSW graph: fast, and it finds nearly all of the exact
/// nearest (99.5 % at 10,000 FAQs). Past that, a graph over many near-duplicate texts lets searches get lost (89-93 %
/// at 100,000 FAQs), so it becomes IVF lists (k-means clusters; 97.5 % there, no slower), which must be rebuilt
/// once the texts have doubled or halved. The Worker's <c>faq-text-index</c> job checks; rebuilds do not block writes.
/// Figures: docs/benchmarks.md.
/// </summary>
public sealed class FaqTextIndex(ChatBotDbContext db, IOptions<KnowledgeOptions> options, ILogger<FaqTextIndex> logger)
{
    public const string Name = "ix_faq_variants_embedding";

    /// <summary>Where a rebuild puts the new index until it replaces the old one; a crash can leave it behind.</summary>
    private const string NextName = Name + "_next";

    /// <summary>pgvector's maximum number of lists.</summary>
    public const int MaxLists = 32_768;

    /// <summary>
    /// The index's definition (migration HalfPrecisionFaqTextGraph made the first graph the same way). The candidate
    /// search orders by the same expression, or the index could not serve it.
    /// </summary>
    public static string Definition(string name, FaqTextIndexShape shape)
    {
        var method = shape.Lists is { } lists
            ? string.Create(CultureInfo.InvariantCulture, $"ivfflat ((embedding::halfvec({EmbeddingDimensions.Value})) halfvec_cosine_ops) WITH (lists = {lists})")
            : $"hnsw ((embedding::halfvec({EmbeddingDimensions.Value})) halfvec_cosine_ops) WITH (m = 16, ef_construction = 128)";
        return $"CREATE INDEX CONCURRENTLY {name} ON faq_variants USING {method}";
    }

    /// <summary>
    /// The shape for this many texts: lists from <see cref="KnowledgeOptions.ListsFromTexts"/> on, one per
    /// <see cref="KnowledgeOptions.TextsPerList"/> (pgvector's advice up to a million rows is 1,000).
    /// </summary>
    public static FaqTextIndexShape ShapeFor(long texts, KnowledgeOptions options) =>
        texts >= options.ListsFromTexts ? new FaqTextIndexShape(ListsFor(texts, options)) : FaqTextIndexShape.Graph;

    private static int ListsFor(long texts, KnowledgeOptions options) => (int)Math.Clamp(texts / options.TextsPerList, 1, MaxLists);

    /// <summary>The index in use, or null when there is none (a rebuild was cut off between its steps).</summary>
    public async Task<FaqTextIndexShape?> CurrentShapeAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<IndexRow>($"""
            SELECT a.amname AS "Method", (SELECT option_value FROM pg_options_to_table(c.reloptions) WHERE option_name = 'lists') AS "Lists"
            FROM pg_class c JOIN pg_am a ON a.oid = c.relam
            WHERE c.relname = {Name}
            """).ToListAsync(cancellationToken);
        return rows is [var row]
            ? row.Method == "ivfflat" ? new FaqTextIndexShape(int.Parse(row.Lists!, CultureInfo.InvariantCulture)) : FaqTextIndexShape.Graph
            : null;
    }

    /// <summary>
    /// Builds the index again when it no longer suits the number of texts: lists made for half or twice as many, a graph
    /// grown past <see cref="KnowledgeOptions.ListsFromTexts"/>, or lists shrunk below half of it (not just below it,
    /// so a knowledge base near the threshold does not switch back and forth).
    /// </summary>
    public Task<FaqTextIndexRebuild?> RebuildIfOutgrownAsync(CancellationToken cancellationToken) =>
        OneAtATimeAsync(async () =>
        {
            var texts = await db.FaqVariants.LongCountAsync(cancellationToken);
            var current = await CurrentShapeAsync(cancellationToken);
            var target = ShapeFor(texts, options.Value);
            if (target.Lists is null && current?.Lists is not null && texts >= options.Value.ListsFromTexts / 2)
            {
                target = new FaqTextIndexShape(ListsFor(texts, options.Value));
            }

            return Fits(current, target) ? null : await BuildAsync(texts, current, target, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Builds lists again whatever their size: after re-embedding, their centres are in the old model's space. A graph
    /// is kept: each re-embedded text was re-linked as it was written.
    /// </summary>
    public Task<FaqTextIndexRebuild?> RebuildListsAsync(CancellationToken cancellationToken) =>
        OneAtATimeAsync(async () =>
        {
            var current = await CurrentShapeAsync(cancellationToken);
            if (current?.Lists is null)
            {
                return null;
            }

            var texts = await db.FaqVariants.LongCountAsync(cancellationToken);
            return await BuildAsync(texts, current, ShapeFor(texts, options.Value), cancellationToken);
        }, cancellationToken);

    /// <summary>Builds the index for the texts there are now, whatever it was (the benchmark, after a bulk load).</summary>
    public Task<FaqTextIndexRebuild> BuildAsync(CancellationToken cancellationToken) =>
        OneAtATimeAsync(async () =>
        {
            var texts = await db.FaqVariants.LongCountAsync(cancellationToken);
            return await BuildAsync(texts, await CurrentShapeAsync(cancellationToken), ShapeFor(texts, options.Value), cancellationToken);
        }, cancellationToken);

    private static bool Fits(FaqTextIndexShape? current, FaqTextIndexShape target) => (current, target) switch
    {
        (null, _) => false,
        ({ Lists: null }, { Lists: null }) => true,
        ({ Lists: { } built }, { Lists: { } wanted }) => wanted < built * 2 && wanted * 2 > built,
        _ => false,
    };

    /// <summary>
    /// Two rebuilds at once (the index job and re-embedding, or two Workers) would fight over the next index's name, so
    /// each holds a PostgreSQL advisory lock; one that dies with its connection frees it.
    /// </summary>
    private async Task<T> OneAtATimeAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await ExecuteAsync($"SELECT pg_advisory_lock(hashtext('{Name}'))", cancellationToken);
            try
            {
                return await work();
            }
            finally
            {
                // Pooled connections are not reset on return, so the lock must be given back here.
                await ExecuteAsync($"SELECT pg_advisory_unlock(hashtext('{Name}'))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<FaqTextIndexRebuild> BuildAsync(long texts, FaqTextIndexShape? current, FaqTextIndexShape target, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        await ExecuteAsync($"DROP INDEX CONCURRENTLY IF EXISTS {NextName}", cancellationToken);
        // k-means samples 50 texts per list into memory (10,000 lists: about 400 MB), and a graph builds fastest in
        // memory: both need more than PostgreSQL's default.
        await ExecuteAsync("SET maintenance_work_mem = '1GB'", cancellationToken);
        try
        {
            await ExecuteAsync(Definition(NextName, target), cancellationToken);
        }
        finally
        {
            // Pooled connections are not reset on return, so nothing set here may outlive this call.
            await ExecuteAsync("RESET maintenance_work_mem", CancellationToken.None);
        }

        await ExecuteAsync($"DROP INDEX CONCURRENTLY IF EXISTS {Name}", cancellationToken);
        await ExecuteAsync($"ALTER INDEX {NextName} RENAME TO {Name}", cancellationToken);
        var rebuild = new FaqTextIndexRebuild(texts, current, target, elapsed.Elapsed);
        logger.LogInformation("FAQ text index rebuilt as {Shape} (was {Previous}) over {Texts} texts in {Seconds:F1} s",
            target, current?.ToString() ?? "none", texts, rebuild.Duration.TotalSeconds);
        return rebuild;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        // Building over a million texts takes minutes; CONCURRENTLY keeps searches and writes going meanwhile.
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection()) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record IndexRow(string Method, string? Lists);
}
