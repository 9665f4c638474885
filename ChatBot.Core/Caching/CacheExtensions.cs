using ChatBot.Core.Configuration;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Core.Caching;

public static class CacheExtensions
{
    /// <summary>Registers the shared Redis connection (<c>cache</c>) with Aspire's health check and telemetry.</summary>
    public static IHostApplicationBuilder AddChatBotCache(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddSeedEnvironmentAliases();
        builder.AddRedisClient(ConnectionNames.Cache);
        return builder;
    }
}
