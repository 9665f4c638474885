namespace ChatBot.DevServers;

/// <summary>
/// The PostgreSQL and Redis a tool runs against: the ones it was given, or throw-away local servers it starts (and
/// stops) itself.
/// </summary>
public sealed class ServerEnvironment : IAsyncDisposable
{
    private LocalPostgresServer? _postgres;
    private LocalRedisServer? _redis;

    public required string DatabaseConnectionString { get; init; }

    public required string RedisConnectionString { get; init; }

    public bool OwnsServers => _postgres is not null;

    public static async Task<ServerEnvironment> StartAsync(string? databaseConnectionString, string? redisConnectionString, string databaseName)
    {
        if (!string.IsNullOrEmpty(databaseConnectionString) && !string.IsNullOrEmpty(redisConnectionString))
        {
            return new ServerEnvironment { DatabaseConnectionString = databaseConnectionString, RedisConnectionString = redisConnectionString };
        }

        var postgres = LocalPostgresServer.StartAsync(databaseName);
        var redis = LocalRedisServer.StartAsync();
        var environment = new ServerEnvironment
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
