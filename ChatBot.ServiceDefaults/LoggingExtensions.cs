using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Logs carry the trace and span they belong to; outside Development the console writes one JSON object per line
    /// for log collectors. Values classified as personal data, secrets or user content (see ChatBot.Core's
    /// <c>ChatBotData</c>) are erased before any log provider sees them.
    /// </summary>
    public static TBuilder ConfigureLogging<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(redaction => redaction.SetFallbackRedactor<ErasingRedactor>());
        return builder;
    }
}
