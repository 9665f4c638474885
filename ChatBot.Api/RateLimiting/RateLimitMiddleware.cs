using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.RateLimiting;

/// <summary>
/// Applies the Redis-backed request limits to <c>/api</c> calls after authentication (so users are counted by id),
/// sets <c>X-RateLimit-*</c> headers on every limited response and answers 429 Problem Details with Retry-After.
/// </summary>
public sealed class RateLimitMiddleware(
    RequestDelegate next,
    RedisRequestLimiter limiter,
    IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var tier = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitTier>();
        if (!limiter.Options.Enabled || tier == RateLimitTier.Unlimited || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var result = context.Features.Get<TakenPermit>()?.Result
                     ?? await limiter.TryAcquireAsync(LimitPartition.For(context, tier, limiter.Options), context.RequestAborted);
        if (result is null)
        {
            await next(context);
            return;
        }

        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = result.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = Math.Max(0, result.Remaining).ToString(CultureInfo.InvariantCulture);
        if (result.Allowed)
        {
            await next(context);
            return;
        }

        var retryAfter = (int)Math.Max(1, Math.Ceiling(result.RetryAfter?.TotalSeconds ?? 1));
        headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Rate limit of {result.Limit} requests reached. Retry after {retryAfter} s.",
            },
        });
    }
}
