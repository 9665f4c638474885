using System.ComponentModel.DataAnnotations;

namespace ChatBot.Api.Infrastructure.RateLimiting;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests per signed-in user per minute (seed: <c>RATE_LIMIT_PER_MINUTE</c>).</summary>
    [Range(1, 1_000_000)]
    public int PerMinute { get; set; } = 60;

    /// <summary>Requests per signed-in user per hour (seed: <c>RATE_LIMIT_PER_HOUR</c>).</summary>
    [Range(1, 10_000_000)]
    public int PerHour { get; set; } = 1000;

    /// <summary>Requests per client IP per minute for anonymous calls.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousPerMinute { get; set; } = 60;

    [Range(1, 10_000_000)]
    public int AnonymousPerHour { get; set; } = 1000;

    /// <summary>Sign-in, registration, refresh and password-reset calls per client IP per minute.</summary>
    [Range(1, 1_000_000)]
    public int CredentialsPerMinute { get; set; } = 10;

    [Range(1, 10_000_000)]
    public int CredentialsPerHour { get; set; } = 100;
}
