namespace ChatBot.Api.RateLimiting;

public static class RateLimitingExtensions
{
    public static WebApplicationBuilder AddRequestRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RedisRequestLimiter>();
        builder.Services.AddAddressRateLimit();
        return builder;
    }

    /// <summary>Place before authentication and WebSockets: the in-memory per-address gate (<see cref="AddressRateLimit"/>).</summary>
    public static IApplicationBuilder UseAddressRateLimit(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>Place after authentication: authenticated calls are limited per user, the rest per IP.</summary>
    public static IApplicationBuilder UseRequestRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
