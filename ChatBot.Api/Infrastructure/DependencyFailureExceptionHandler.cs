using ChatBot.Core.Telemetry;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using StackExchange.Redis;

namespace ChatBot.Api.Infrastructure;

/// <summary>
/// PostgreSQL or Redis not answering (timed out, refused, gone) is the service being unavailable, not a bug: 503 with
/// <c>Retry-After</c>, a log line and the <c>chatbot.dependency.unavailable</c> metric. Authentication needs Redis
/// (revocation), so while Redis is down signed-in requests get 503 too: it fails closed, never open.
/// </summary>
internal sealed class DependencyFailureExceptionHandler(IProblemDetailsService problemDetails, ChatBotMetrics metrics,
    ILogger<DependencyFailureExceptionHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (FailedDependency(exception) is not { } dependency)
        {
            return false;
        }

        logger.LogError(exception, "{Dependency} unavailable: answered 503", dependency);
        metrics.DependencyUnavailable(dependency);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"A service the API depends on did not answer. Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }

    /// <summary><c>redis</c>, <c>postgresql</c>, or null for any other exception (a bug stays a 500).</summary>
    public static string? FailedDependency(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case RedisException or RedisTimeoutException:
                    return "redis";
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is TimeoutException:
                case PostgresException { SqlState: PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow }:
                    return "postgresql";
            }
        }

        return null;
    }
}
