using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChatBot.Api.Tests.Foundation;

/// <summary>Reads PostgreSQL's own catalog, so the checks hold for the database as migrated, not for the EF model.</summary>
[Collection(ApiCollection.Name)]
public sealed class DatabaseSchemaTests(ApiFixture fixture)
{
    [Fact]
    public async Task Migrated_database_has_the_vector_extension()
    {
        var version = await ScalarAsync<string>("SELECT extversion FROM pg_extension WHERE extname = 'vector'");

        Assert.False(string.IsNullOrEmpty(version));
    }

    [Fact]
    public async Task The_only_vector_index_is_the_cosine_graph_a_small_knowledge_base_gets_on_faq_texts()
    {
        var definitions = await ScalarAsync<string>(
            "SELECT string_agg(tablename || ': ' || indexdef, E'\\n') FROM pg_indexes WHERE indexdef ~* 'USING (hnsw|ivfflat)'");

        // A vector index that no query orders by (the FAQs' mean embedding had one) costs every write and buys nothing.
        var only = Assert.Single(definitions!.Split('\n'));
        Assert.StartsWith("faq_variants: ", only, StringComparison.Ordinal);
        Assert.Contains("USING hnsw", only, StringComparison.Ordinal);
        Assert.Contains("halfvec_cosine_ops", only, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Faq_search_vector_is_generated_by_postgres_from_question_and_alternates()
    {
        await using var connection = new NpgsqlConnection(fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO faqs (question, answer, alternates, language, tags, is_active, created_at, updated_at)
            VALUES ('How do I reset my password?', 'Use the reset link.', ARRAY['forgot my login'], 'en', ARRAY[]::text[], true, now(), now())
            RETURNING search_vector @@ to_tsquery('english', 'forgot & login')
            """, connection, transaction);

        var matches = (bool)(await insert.ExecuteScalarAsync())!;

        Assert.True(matches);
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task Every_model_change_is_captured_by_a_migration()
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatBotDbContext>();

        Assert.False(db.Database.HasPendingModelChanges(), "Run dotnet ef migrations add (see docs/architecture.md)");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    private async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T?)await command.ExecuteScalarAsync();
    }
}
