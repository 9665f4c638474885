using System.Data.Common;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Stage 1 of search, in one PostgreSQL round trip: the FAQs whose texts are nearest by cosine distance over
/// <see cref="FaqTextIndex"/> (iterative scan, so filters do not starve it), unioned with full-text hits
/// (language-aware, all query words); then every text of every candidate with its embedding and similarity, for the
/// answer model to score.
/// </summary>
public sealed class FaqCandidateSearch(ChatBotDbContext db, IOptions<KnowledgeOptions> options)
{
    /// <summary>Nearest texts fetched from the vector index; several usually belong to one FAQ.</summary>
    public const int NearestVariants = 100;

    /// <summary>FAQs kept from the nearest texts (by their best text), for the answer model to score.</summary>
    public const int VectorCandidates = 20;

    /// <summary>Full-text hits added even when their vectors are not near (exact product names, codes, ...).</summary>
    public const int LexicalCandidates = 5;

    /// <summary>
    /// Texts containing every query word that are ranked at most: the first found in the table's order, so the same
    /// question meets the same texts while the knowledge base is unchanged. Full text is here for rare exact terms; words
    /// so common that more texts contain them single nothing out. Ranking them all cost 10-20 ms at 100k FAQs, and
    /// sorting them by id to take the oldest read every match from the heap (5,280 texts, 33 ms, for "card payment").
    /// </summary>
    public const int LexicalScanLimit = 200;

    /// <summary>Texts per unit of search depth: below 100 × this many texts, the minimum depth already finds the exact nearest.</summary>
    public const int TextsPerDepth = 150;

    /// <summary>
    /// Sets this transaction's search, for whichever shape <see cref="FaqTextIndex"/> has (the other's settings are
    /// ignored):
    /// <list type="bullet">
    /// <item>the graph's depth (<c>hnsw.ef_search</c>) from the table's size as PostgreSQL last counted it: one step per
    /// <see cref="TextsPerDepth"/> texts, at least <see cref="NearestVariants"/>, at most
    /// <see cref="KnowledgeOptions.SearchDepth"/> (400 at 1,000 FAQs only costs time; at 100,000 it finds the nearest);</item>
    /// <item>the lists to read (<see cref="KnowledgeOptions.SearchProbes"/>; pgvector reads all when there are fewer);</item>
    /// <item>iterative scans for both, so filters (language, categories) that leave too few texts do not starve them;</item>
    /// <item>a plan for the question's own parameters. The search is a prepared statement, and after five runs
    /// PostgreSQL switched it to its generic plan, which the IVF index's high start-up estimate makes look cheap: at
    /// 1,000 FAQs in lists it took 28 ms instead of 8.</item>
    /// </list>
    /// </summary>
    public static readonly string SettingsSql = $"""
        SELECT set_config('hnsw.ef_search', LEAST(@max_depth, GREATEST({NearestVariants},
                   (SELECT reltuples FROM pg_class WHERE oid = 'faq_variants'::regclass)::int / {TextsPerDepth}))::text, true),
               set_config('hnsw.iterative_scan', 'relaxed_order', true),
               set_config('ivfflat.probes', @probes::text, true),
               set_config('ivfflat.iterative_scan', 'relaxed_order', true),
               set_config('plan_cache_mode', 'force_custom_plan', true)
        """;

    /// <summary>Binds <see cref="SettingsSql"/>'s parameters (shared with the benchmark's EXPLAIN).</summary>
    public static void AddSettings(NpgsqlParameterCollection parameters, KnowledgeOptions options)
    {
        parameters.AddWithValue("max_depth", options.SearchDepth);
        parameters.AddWithValue("probes", options.SearchProbes);
    }

    /// <summary>
    /// Stage 1's query. The nearest texts are ordered by the cosine distance between half-precision copies of the
    /// vectors (h), the expression the vector index is built on (<see cref="FaqTextIndex.Definition"/>): 2 bytes per
    /// dimension instead of 4, so less of the index is read per search. Candidates are still compared at full precision (e).
    /// </summary>
    public static readonly string Sql = $"""
        WITH q AS (
            SELECT @embedding::vector AS e,
                   @embedding::vector::halfvec({EmbeddingDimensions.Value}) AS h,
                   plainto_tsquery(chatbot_ts_config(@ts_language), @text) AS all_words
        ),
        nearest AS (
            SELECT v.faq_id, v.embedding <=> (SELECT e FROM q) AS distance
            FROM faq_variants v
            WHERE v.is_active
              AND (@language::text IS NULL OR v.language = @language)
              AND (@categories::int[] IS NULL OR v.category_id = ANY(@categories))
            ORDER BY v.embedding::halfvec({EmbeddingDimensions.Value}) <=> (SELECT h FROM q)
            LIMIT @nearest
        ),
        vector_faqs AS (
            SELECT faq_id FROM nearest GROUP BY faq_id ORDER BY min(distance), faq_id LIMIT @vector_faqs
        ),
        lexical AS (
            SELECT m.faq_id
            FROM (
                SELECT v.faq_id, v.search_vector
                FROM faq_variants v, q
                WHERE v.search_vector @@ q.all_words
                  AND v.is_active
                  AND (@language::text IS NULL OR v.language = @language)
                  AND (@categories::int[] IS NULL OR v.category_id = ANY(@categories))
                LIMIT @lexical_scan
            ) m, q
            ORDER BY ts_rank_cd(m.search_vector, q.all_words) DESC, m.faq_id
            LIMIT @lexical
        ),
        candidates AS (SELECT faq_id FROM vector_faqs UNION SELECT faq_id FROM lexical)
        SELECT f.id, f.question, f.answer, f.category_id, f.language,
               v.id AS variant_id, v.ordinal, v.text, v.embedding,
               1 - (v.embedding <=> q.e) AS similarity
        FROM candidates c
        JOIN faqs f ON f.id = c.faq_id
        JOIN faq_variants v ON v.faq_id = f.id
        CROSS JOIN q
        ORDER BY f.id, v.ordinal
        """;

    /// <summary>Binds <see cref="Sql"/>'s parameters for a query (shared with the EXPLAIN checks in tests and benchmarks).</summary>
    public static void AddParameters(NpgsqlParameterCollection parameters, CandidateQuery query)
    {
        parameters.AddWithValue("embedding", new Vector(query.Embedding));
        parameters.AddWithValue("text", query.Text);
        parameters.AddWithValue("ts_language", query.Language ?? "en");
        parameters.Add(new NpgsqlParameter("language", NpgsqlDbType.Text) { Value = (object?)query.Language ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("categories", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = (object?)query.CategoryIds?.ToArray() ?? DBNull.Value });
        parameters.AddWithValue("nearest", NearestVariants);
        parameters.AddWithValue("vector_faqs", VectorCandidates);
        parameters.AddWithValue("lexical", LexicalCandidates);
        parameters.AddWithValue("lexical_scan", LexicalScanLimit);
    }

    public async Task<IReadOnlyList<FaqCandidate>> FindAsync(CandidateQuery query, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction);
            // Scoped to this transaction, like everything the search sets.
            var settings = new NpgsqlBatchCommand(SettingsSql);
            AddSettings(settings.Parameters, options.Value);
            batch.BatchCommands.Add(settings);
            var select = new NpgsqlBatchCommand(Sql);
            AddParameters(select.Parameters, query);
            batch.BatchCommands.Add(select);

            var candidates = new List<FaqCandidate>();
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                // The first result is the settings; the candidates follow.
                await reader.NextResultAsync(cancellationToken);
                await ReadAsync(reader, candidates, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return candidates;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async Task ReadAsync(DbDataReader reader, List<FaqCandidate> candidates, CancellationToken cancellationToken)
    {
        FaqCandidate? current = null;
        List<VariantMatch>? variants = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var faqId = reader.GetInt32(0);
            if (current?.FaqId != faqId)
            {
                variants = [];
                current = new FaqCandidate(faqId, reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.GetString(4), variants);
                candidates.Add(current);
            }

            variants!.Add(new VariantMatch(reader.GetInt64(5), reader.GetInt32(6), reader.GetString(7),
                reader.GetFieldValue<Vector>(8).ToArray(), reader.GetDouble(9)));
        }
    }
}
