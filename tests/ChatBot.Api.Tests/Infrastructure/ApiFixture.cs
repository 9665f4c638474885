using ChatBot.Core.Data;
using ChatBot.DevServers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL (pgvector) and one real Redis for the whole test collection, a migrated database, and an
/// Api and a Worker host on top. Tests create their own users and data, so they do not depend on each other.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private LocalPostgresServer? _postgres;
    private LocalRedisServer? _redis;

    public LocalPostgresServer Postgres => _postgres ?? throw new InvalidOperationException("Not started");

    public LocalRedisServer Redis => _redis ?? throw new InvalidOperationException("Not started");

    public ChatBotApiFactory Api { get; private set; } = null!;

    /// <summary>A Worker beside the Api: queued imports are written as in the running app (it has no SMTP server).</summary>
    public TestWorker? Worker { get; private set; }

    /// <summary>Fixtures whose tests start Workers of their own (with settings of their own) turn the shared one off.</summary>
    protected virtual bool StartsWorker => true;

    public virtual async Task InitializeAsync()
    {
        var postgres = LocalPostgresServer.StartAsync();
        var redis = LocalRedisServer.StartAsync();
        _postgres = await postgres;
        _redis = await redis;
        await MigrateAsync(_postgres.ConnectionString);
        Api = CreateApi();
        await WaitUntilReadyAsync(Api);
        if (StartsWorker)
        {
            Worker = await StartWorkerAsync();
        }
    }

    /// <summary>
    /// As an orchestrator does, sends nothing until the Api says it is ready: every collection starts its servers and
    /// hosts at once on two cores, and a first request that met a Redis connection still being made got 503.
    /// </summary>
    private static async Task WaitUntilReadyAsync(ChatBotApiFactory api)
    {
        using var client = api.CreateClient();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/health")).IsSuccessStatusCode, "the Api to be ready", TimeSpan.FromSeconds(90));
    }

    /// <summary>Migrates before any host starts, as the AppHost's migration step does, so nothing meets a missing table.</summary>
    private static async Task MigrateAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ChatBotDbContext>();
        DataExtensions.ConfigureDbContext(options);
        options.UseNpgsql(connectionString, npgsql => npgsql.UseVector());
        await using var db = new ChatBotDbContext(options.Options);
        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    /// <summary>
    /// Another Api host on the same database and Redis (a second replica); the caller disposes it. The shared host's
    /// rate limits are out of reach of any test, so only the tests about limits meet them (on hosts of their own).
    /// </summary>
    public ChatBotApiFactory CreateApi(IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Development", Action<IServiceCollection>? configureServices = null)
    {
        var merged = new Dictionary<string, string?>
        {
            ["RateLimiting:PerAddressPerMinute"] = "100000000",
            ["RateLimiting:PerMinute"] = "1000000",
            ["RateLimiting:PerHour"] = "10000000",
            ["RateLimiting:AnonymousPerMinute"] = "1000000",
            ["RateLimiting:AnonymousPerHour"] = "10000000",
            ["RateLimiting:CredentialsPerMinute"] = "1000000",
            ["RateLimiting:CredentialsPerHour"] = "10000000",
            ["RateLimiting:RefreshPerMinute"] = "1000000",
            ["RateLimiting:RefreshPerHour"] = "10000000",
            ["RateLimiting:RefreshPerSessionPerMinute"] = "1000000",
            ["RateLimiting:RefreshPerSessionPerHour"] = "10000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return new ChatBotApiFactory(Postgres.ConnectionString, Redis.ConnectionString, merged, environment, configureServices);
    }

    /// <summary>Another Worker on the same database and Redis (a replica); the caller disposes it.</summary>
    public Task<TestWorker> StartWorkerAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null) =>
        TestWorker.StartAsync(Postgres.ConnectionString, Redis.ConnectionString, settings, configureServices);

    public async Task DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }

        await Api.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
