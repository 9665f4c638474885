using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace ChatBot.DevServers;

/// <summary>A throw-away Redis server without persistence: a restart starts it empty, as a cache-only Redis would.</summary>
public sealed class LocalRedisServer : ScriptedServer
{
    private LocalRedisServer(int port, string password)
        : base("local-redis.sh", ["-", port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["REDIS_PASSWORD"] = password }, readyLine: "Ready to accept connections")
    {
        ConnectionString = $"127.0.0.1:{port},password={password}";
    }

    /// <summary>StackExchange.Redis configuration string.</summary>
    public string ConnectionString { get; }

    public static async Task<LocalRedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new LocalRedisServer(FreePort(), RandomNumberGenerator.GetHexString(24));
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a client connection (callers dispose it).</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(ConnectionString);
}
