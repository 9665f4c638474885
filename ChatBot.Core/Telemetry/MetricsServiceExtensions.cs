using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBot.Core.Telemetry;

public static class MetricsServiceExtensions
{
    /// <summary>The <c>ChatBot</c> meter; every feature that records figures asks for it, it is registered once.</summary>
    public static IServiceCollection AddChatBotMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<ChatBotMetrics>();
        return services;
    }
}
