using ChatBot.Core.Configuration;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace ChatBot.Core.Caching;

public static class CacheExtensions
{
    /// <summary>
    /// The shared Redis connection (<c>cache</c>, with Aspire's health check and telemetry), an
    /// <c>IDistributedCache</c> on it, and HybridCache (in-process L1 over Redis L2).
    /// </summary>
    public static IHostApplicationBuilder AddChatBotCache(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddSeedEnvironmentAliases();
        // A Redis that stops answering fails a command after two seconds (the client's default is five), so callers can
        // answer 503 quickly. Our commands are small and take well under a millisecond; one second proved too tight on a
        // busy 2-core machine (a starved client thread pool timed out healthy commands).
        var timeout = builder.Configuration.GetValue("Redis:CommandTimeoutMilliseconds", 2000);
        builder.AddRedisClient(ConnectionNames.Cache, configureOptions: options =>
        {
            options.AsyncTimeout = timeout;
            options.SyncTimeout = timeout;
            // The client keeps its own reader threads (its default). SocketManager.ThreadPool saved CPU under load, but
            // replies then waited for a .NET thread-pool thread: when the pool was starved (a busy CI run), healthy
            // commands timed out with their replies unread in the socket, and requests got 503.
        });
        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((options, services) =>
        {
            options.InstanceName = "chatbot:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>());
        });
        builder.Services.AddHybridCache();
        return builder;
    }
}
