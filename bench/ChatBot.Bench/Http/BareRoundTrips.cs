using ChatBot.Core.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace ChatBot.Bench.Http;

/// <summary>
/// The second reference: bare Kestrel making the round trips no authenticated read can skip, with the raw clients and
/// nothing else (no JWT, no EF Core, no middleware). One Redis script shaped like the Api's token check and request
/// limit (four key reads, two windows read and counted), then one prepared PostgreSQL query for the user's row and role
/// names, answered as JSON. The Api's reads measured against it show what the Api adds on top of its round trips.
/// </summary>
public sealed class BareRoundTrips : IAsyncDisposable
{
    private static readonly LuaScript CheckAndCount = LuaScript.Prepare("""
        local denied = redis.call('EXISTS', @TokenKey) + redis.call('EXISTS', @SessionKey)
        local stamp = redis.call('GET', @StampKey)
        local complete = redis.call('EXISTS', @CompleteKey)
        local minute = tonumber(redis.call('GET', @MinuteKey) or 0)
        local hour = tonumber(redis.call('GET', @HourKey) or 0)
        if redis.call('INCR', @MinuteKey) == 1 then redis.call('PEXPIRE', @MinuteKey, 60000) end
        if redis.call('INCR', @HourKey) == 1 then redis.call('PEXPIRE', @HourKey, 3600000) end
        return { denied, stamp, complete, minute, hour }
        """);

    private const string ProfileSql = """
        SELECT u.*, ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id) AS role_names
        FROM users u WHERE u.id = $1
        """;

    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _database;
    private readonly ConnectionMultiplexer _redis;

    private BareRoundTrips(WebApplication app, NpgsqlDataSource database, ConnectionMultiplexer redis)
    {
        (_app, _database, _redis) = (app, database, redis);
    }

    public string Url => _app.Urls.First() + "/profile";

    /// <param name="database">The Api's database, migrated, with <paramref name="userId"/>'s account in it.</param>
    public static async Task<BareRoundTrips> StartAsync(int port, string database, string redis, Guid userId)
    {
        // The Api's pool settings: its pool size (the same setting when it is given to both), statements prepared after
        // two uses, no reset when a connection goes back.
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database)
        {
            MaxPoolSize = int.TryParse(Environment.GetEnvironmentVariable("Database__MaxPoolSize"), out var pool) ? pool : new DatabaseOptions().MaxPoolSize,
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
        }.ConnectionString);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis);
        var parameters = new
        {
            TokenKey = (RedisKey)"bench:token",
            SessionKey = (RedisKey)"bench:session",
            StampKey = (RedisKey)"bench:stamp",
            CompleteKey = (RedisKey)"bench:complete",
            MinuteKey = (RedisKey)"bench:minute",
            HourKey = (RedisKey)"bench:hour",
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/profile", async (CancellationToken cancellationToken) =>
        {
            var status = (RedisResult[])(await multiplexer.GetDatabase().ScriptEvaluateAsync(CheckAndCount, parameters))!;
            await using var command = dataSource.CreateCommand(ProfileSql);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = userId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return Results.NotFound();
            }

            // Every column is read, as the Api materialises the whole user before it answers with part of it.
            reader.GetValues(new object[reader.FieldCount]);
            return Results.Ok(new Profile(
                reader.GetGuid(reader.GetOrdinal("id")), reader.GetString(reader.GetOrdinal("email")),
                reader.GetFieldValue<string[]>(reader.GetOrdinal("role_names")), (long)status[0]));
        });
        await app.StartAsync();
        return new BareRoundTrips(app, dataSource, multiplexer);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _redis.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed record Profile(Guid Id, string Email, string[] Roles, long Denied);
}
