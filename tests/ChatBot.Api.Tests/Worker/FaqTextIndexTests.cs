using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Api.Tests.Knowledge;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using ChatBot.Core.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChatBot.Api.Tests.Worker;

/// <summary>The FAQ texts' vector index takes the shape that suits the knowledge base as it grows, rebuilt by the Worker.</summary>
[Collection(WorkerCollection.Name)]
public sealed class FaqTextIndexTests(WorkerFixture fixture)
{
    [Fact]
    public async Task A_grown_knowledge_base_gets_lists_that_fit_it_and_search_still_finds_the_answer()
    {
        // What a Worker killed in the middle of a rebuild leaves behind: the next index, not yet in use.
        await ExecuteAsync("CREATE INDEX IF NOT EXISTS ix_faq_variants_embedding_next ON faq_variants (id)");
        Assert.Equal("hnsw", await MethodAsync());

        // Lists from the first text on, one text each: a few FAQs are a large knowledge base.
        await using var worker = await fixture.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Jobs:TextIndexIntervalSeconds"] = "1",
            ["Knowledge:ListsFromTexts"] = "1",
            ["Knowledge:TextsPerList"] = "1",
        });
        using var admin = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Admin));
        var (category, ids) = await KnowledgeTestData.ImportAsync(admin, KnowledgeTestData.SupportFaqs);

        await Eventually.TrueAsync(async () =>
        {
            var texts = await ScalarAsync<long>("SELECT count(*) FROM faq_variants");
            return await MethodAsync() == "ivfflat" && await ListsAsync() is { } lists && lists > texts / 2 && lists < texts * 2;
        }, "lists that fit the texts", TimeSpan.FromSeconds(60));

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'ix_faq_variants_embedding_next'"));
        Assert.True(await ScalarAsync<bool>($"SELECT indisvalid FROM pg_index WHERE indexrelid = '{FaqTextIndex.Name}'::regclass"));
        using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var found = await user.GetFromJsonAsync<JsonElement>($"/api/v1/faqs/search?q=my+card+was+stolen,+how+can+I+block+it&category={category}&limit=3");
        Assert.Equal(ids["freeze"], found.GetProperty("results")[0].GetProperty("faq_id").GetInt32());
        await AssertPlannedForEachQuestionAsync();
    }

    /// <summary>
    /// The search is a prepared statement. PostgreSQL weighs a generic plan from its sixth run on, and over lists it took
    /// one that read every text (28 ms instead of 8 at 1,000 FAQs).
    /// </summary>
    private async Task AssertPlannedForEachQuestionAsync()
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatBotDbContext>();
        // Held open, so every search runs in this one session, where its prepared statement and plan counts live.
        await db.Database.OpenConnectionAsync();
        var search = scope.ServiceProvider.GetRequiredService<FaqCandidateSearch>();
        var embedding = new float[384];
        for (var i = 0; i < 8; i++)
        {
            embedding[i] = 1;
            await search.FindAsync(new CandidateQuery($"reset password {i}", embedding), CancellationToken.None);
        }

        var plans = await db.Database.SqlQueryRaw<PlanCounts>(
            "SELECT generic_plans AS \"Generic\", custom_plans AS \"Custom\" FROM pg_prepared_statements WHERE statement LIKE '%nearest AS (%'").ToListAsync();
        var counts = Assert.Single(plans);
        Assert.Equal(0, counts.Generic);
        Assert.True(counts.Custom >= 6, $"{counts.Custom} custom plans");
    }

    private async Task<string?> MethodAsync() => await ScalarAsync<string>($"""
        SELECT a.amname::text FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname = '{FaqTextIndex.Name}'
        """);

    private async Task<int?> ListsAsync()
    {
        var value = await ScalarAsync<string>($"""
            SELECT option_value FROM pg_class c, pg_options_to_table(c.reloptions)
            WHERE c.relname = '{FaqTextIndex.Name}' AND option_name = 'lists'
            """);
        return value is null ? null : int.Parse(value, CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is T value ? value : default;
    }

    private sealed record PlanCounts(long Generic, long Custom);
}
