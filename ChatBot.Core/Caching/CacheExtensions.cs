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
            // The client's default is its own pool of ten threads; on two cores, handing every reply between those and the
            // .NET thread pool cost a third of an authenticated request's CPU in futex waits and wake-ups (bench/http.sh).
            options.SocketManager = SocketManager.ThreadPool;
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
