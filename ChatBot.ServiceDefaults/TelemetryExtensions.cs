using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class TelemetryExtensions
{
    /// <summary>Share of new traces kept (0-1). Default: all in Development, one in ten elsewhere.</summary>
    public const string SamplingRatioKey = "Telemetry:SamplingRatio";

    /// <summary>
    /// Traces from ASP.NET Core, HttpClient, every <c>ChatBot.*</c> source (chat, knowledge, moderation, AI, jobs) and the
    /// data clients Aspire instruments (Npgsql, Redis); metrics from the runtime, ASP.NET Core and Kestrel, HttpClient,
    /// Npgsql and every <c>ChatBot.*</c> meter. Exported over OTLP when a collector (the Aspire dashboard) is announced.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var ratio = builder.Configuration.GetValue<double?>(SamplingRatioKey) ?? (builder.Environment.IsDevelopment() ? 1.0 : 0.1);
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql")
                .AddMeter(ServiceDefaultsExtensions.ChatBotTelemetryName, $"{ServiceDefaultsExtensions.ChatBotTelemetryName}.*"))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new RequestRootSampler(ratio)))
                .AddSource(builder.Environment.ApplicationName, ServiceDefaultsExtensions.ChatBotTelemetryName,
                    $"{ServiceDefaultsExtensions.ChatBotTelemetryName}.*")
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes arrive every few seconds; tracing them only buries real requests.
                    options.Filter = context => !HealthEndpointsExtensions.IsHealthProbe(context.Request.Path))
                .AddHttpClientInstrumentation());

        // Aspire (and any OTLP collector) announces itself through this variable; without it nothing is exported.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }
}
