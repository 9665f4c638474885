using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

public static class HealthEndpointsExtensions
{
    /// <summary>Tag on health checks that only say whether the process is alive (no dependencies).</summary>
    public const string LiveTag = "live";

    /// <summary>A hung dependency reports Unhealthy after this long instead of hanging the probe (answer within 5 s).</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Role whose members may read the detailed report outside Development.</summary>
    private const string AdminRole = "admin";

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        SharedHealthCheckService.Register(builder.Services);
        // Checks registered by Aspire's clients come without a timeout, and a client blocked on a paused server does not
        // always honour cancellation: every check answers within its timeout, as Unhealthy if it has to.
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                if (registration.Timeout <= TimeSpan.Zero || registration.Timeout == Timeout.InfiniteTimeSpan)
                {
                    registration.Timeout = CheckTimeout;
                }

                var inner = registration.Factory;
                var timeout = registration.Timeout;
                registration.Factory = services => new TimeLimitedHealthCheck(services.GetRequiredService<IServiceScopeFactory>(), inner, timeout);
            }
        });
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: readiness, every registered check (database, cache, AI provider, ...).
    /// <c>/alive</c>: liveness, only the checks tagged <see cref="LiveTag"/>.
    /// Orchestrators read the status code; the JSON report with each check is for Development and for admins only,
    /// since it names the dependencies and their errors.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthReportAsync })
            .DisableHttpMetrics()
            .AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = WriteHealthReportAsync,
        }).DisableHttpMetrics().AllowAnonymous();
        return app;
    }

    internal static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");

    private static readonly JsonSerializerOptions HealthJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static Task WriteHealthReportAsync(HttpContext context, HealthReport report)
    {
        var detailed = context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment() || context.User.IsInRole(AdminRole);
        if (!detailed)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(report.Status.ToString(), context.RequestAborted);
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new HealthReportDocument(
            report.Status.ToString(),
            report.TotalDuration.TotalMilliseconds,
            report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new HealthEntryDocument(
                    entry.Value.Status.ToString(),
                    entry.Value.Description,
                    entry.Value.Duration.TotalMilliseconds,
                    [.. entry.Value.Tags])));
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, HealthJson), context.RequestAborted);
    }

    private sealed record HealthReportDocument(string Status, double DurationMs, Dictionary<string, HealthEntryDocument> Checks);

    private sealed record HealthEntryDocument(string Status, string? Description, double DurationMs, string[] Tags);
}
