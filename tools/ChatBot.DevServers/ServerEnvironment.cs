using ChatBot.Core;
using ChatBot.DevServers;
using Microsoft.Extensions.Configuration;

namespace ChatBot.Eval;

/// <summary>The database and Redis the evaluation runs against: the configured ones, or throw-away local servers.</summary>
public sealed class EvalEnvironment : IAsyncDisposable
{
    private LocalPostgresServer? _postgres;
    private LocalRedisServer? _redis;

    public required string DatabaseConnectionString { get; init; }

    public required string RedisConnectionString { get; init; }

    public bool OwnsServers => _postgres is not null;

    public static async Task<EvalEnvironment> StartAsync(IConfiguration configuration)
    {
        var database = configuration.GetConnectionString(ConnectionNames.Database);
        var cache = configuration.GetConnectionString(ConnectionNames.Cache);
        if (!string.IsNullOrEmpty(database) && !string.IsNullOrEmpty(cache))
        {
            return new EvalEnvironment { DatabaseConnectionString = database, RedisConnectionString = cache };
        }

        var postgres = LocalPostgresServer.StartAsync("chatbot_eval");
        var redis = LocalRedisServer.StartAsync();
        var environment = new EvalEnvironment
        {
            DatabaseConnectionString = (await postgres).ConnectionString,
            RedisConnectionString = (await redis).ConnectionString,
        };
        environment._postgres = await postgres;
        environment._redis = await redis;
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
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
