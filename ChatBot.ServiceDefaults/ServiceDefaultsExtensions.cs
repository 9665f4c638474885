using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every ChatBot service shares: telemetry, structured and redacted logs, health endpoints, service discovery and
/// resilient HttpClients.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Name of the ActivitySource and Meter every ChatBot component writes to (feature sources are <c>ChatBot.*</c>).</summary>
    public const string ChatBotTelemetryName = "ChatBot";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.ConfigureLogging();
        builder.AddDefaultHealthChecks();
        builder.AddForwardedHeadersFromKnownNetworks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }
}
