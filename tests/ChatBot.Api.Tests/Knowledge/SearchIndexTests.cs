using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Knowledge;
using Npgsql;
using Pgvector;

namespace ChatBot.Api.Tests.Knowledge;

/// <summary>The candidate query must be answerable from the vector index (PostgreSQL's own plan, not our assumption).</summary>
[Collection(KnowledgeCollection.Name)]
public sealed class SearchIndexTests(KnowledgeFixture fixture)
{
    [Fact]
    public async Task Candidate_search_uses_the_hnsw_index_on_faq_texts()
    {
        var builder = new NpgsqlDataSourceBuilder(fixture.Postgres.ConnectionString);
        builder.UseVector();
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // A test database is small enough for a sequential scan to look cheaper; forbid it to see whether the index
        // can serve the query at all (at 100k FAQs the planner picks it by itself; see docs/benchmarks.md).
        await using (var setup = new NpgsqlCommand("SET LOCAL enable_seqscan = off", connection, transaction))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using (var settings = new NpgsqlCommand(FaqCandidateSearch.SettingsSql, connection, transaction))
        {
            FaqCandidateSearch.AddSettings(settings.Parameters, new KnowledgeOptions());
            await settings.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + FaqCandidateSearch.Sql, connection, transaction);
        FaqCandidateSearch.AddParameters(explain.Parameters, new CandidateQuery("reset password", new float[384]));
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains($"Index Scan using {FaqTextIndex.Name}", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("ix_faq_variants_search_vector", StringComparison.Ordinal));
    }
}
