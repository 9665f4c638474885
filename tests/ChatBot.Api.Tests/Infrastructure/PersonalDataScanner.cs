using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>
/// Looks for a person's traces everywhere the product stores data: every table of the EF model (each row cast to
/// text, so every column, JSON and array included; a new table is covered without editing this) and every Redis key,
/// by name and by value.
/// </summary>
public static class PersonalDataScanner
{
    /// <summary>The tables holding any of the needles (case-insensitive), with how many rows.</summary>
    public static async Task<Dictionary<string, long>> ScanTablesAsync(ChatBotDbContext db, params string[] needles)
    {
        var entities = db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.FindOwnership() is null).ToList();
        var tables = entities.Select(e => e.GetTableName()!).Distinct().ToList();
        // A row cast to text shows binary columns as hex, so those are searched for the needle's bytes.
        var binary = entities.SelectMany(e => e.GetProperties().Where(p => p.ClrType == typeof(byte[]))
            .Select(p => (Table: e.GetTableName()!, Column: p.GetColumnName()))).ToList();
        Assert.True(tables.Count >= 15, $"Only {tables.Count} tables in the model: the scan would miss some");
        var found = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            foreach (var needle in needles)
            {
                var pattern = LikePatterns.Containing(needle);
#pragma warning disable EF1002, EF1003 // The table name comes from the EF model, not from input.
                var rows = await db.Database.SqlQueryRaw<long>(
                    "SELECT count(*) AS \"Value\" FROM \"" + table + "\" AS t WHERE t::text ILIKE {0}", pattern).SingleAsync();
#pragma warning restore EF1002, EF1003
                foreach (var (_, column) in binary.Where(b => b.Table == table))
                {
#pragma warning disable EF1002, EF1003
                    rows += await db.Database.SqlQueryRaw<long>(
                        "SELECT count(*) AS \"Value\" FROM \"" + table + "\" WHERE position(convert_to({0}, 'UTF8') in \"" + column + "\") > 0", needle).SingleAsync();
#pragma warning restore EF1002, EF1003
                }

                if (rows > 0)
                {
                    found[table] = found.GetValueOrDefault(table) + rows;
                }
            }
        }

        return found;
    }

    /// <summary>The Redis keys whose name or value holds any of the needles (case-insensitive).</summary>
    public static async Task<List<string>> ScanRedisAsync(string connectionString, params string[] needles)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true");
        var database = redis.GetDatabase();
        var found = new List<string>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: "*", pageSize: 1000))
            {
                var text = key.ToString() + "\n" + await ValueAsTextAsync(database, key);
                if (needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add(key.ToString());
                }
            }
        }

        return found;
    }

    private static async Task<string> ValueAsTextAsync(IDatabase database, RedisKey key) => await database.KeyTypeAsync(key) switch
    {
        RedisType.String => (string?)await database.StringGetAsync(key) ?? "",
        RedisType.Hash => string.Join('\n', (await database.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
        RedisType.Stream => string.Join('\n', (await database.StreamRangeAsync(key)).SelectMany(e => e.Values).Select(v => $"{v.Name}={v.Value}")),
        RedisType.List => string.Join('\n', await database.ListRangeAsync(key)),
        RedisType.Set => string.Join('\n', await database.SetMembersAsync(key)),
        RedisType.SortedSet => string.Join('\n', await database.SortedSetRangeByRankAsync(key)),
        _ => "",
    };
}
