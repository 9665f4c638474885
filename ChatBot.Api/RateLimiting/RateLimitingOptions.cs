using System.ComponentModel.DataAnnotations;

namespace ChatBot.Api.RateLimiting;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Requests per client IP per minute on each Api replica, counted in memory before the token is even read: a cheap
    /// first gate, so no address can make a replica do unbounded token, Redis or database work. Far above what the
    /// per-user limits let a busy office send.
    /// </summary>
    [Range(1, 100_000_000)]
    public int PerAddressPerMinute { get; set; } = 6000;

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

    /// <summary>
    /// Sign-in, registration, password-reset and erasure calls per client IP per minute. Guessing one account's password
    /// is stopped by its lockout (5 failures, 15 minutes); this ceiling slows spraying many accounts from one address
    /// while an office or carrier address, where people sign in a few times a day, stays well below it.
    /// </summary>
    [Range(1, 1_000_000)]
    public int CredentialsPerMinute { get; set; } = 30;

    [Range(1, 10_000_000)]
    public int CredentialsPerHour { get; set; } = 600;

    /// <summary>
    /// Refresh calls per client IP: a flood guard only (refresh tokens cannot be guessed), sized so a thousand people
    /// behind one address, each refreshing a 30-minute token, never meet it.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RefreshPerMinute { get; set; } = 300;

    [Range(1, 10_000_000)]
    public int RefreshPerHour { get; set; } = 10_000;

    /// <summary>Refresh calls per session (refresh-token family): a client that refreshes in a loop is stopped early.</summary>
    [Range(1, 1_000_000)]
    public int RefreshPerSessionPerMinute { get; set; } = 6;

    [Range(1, 10_000_000)]
    public int RefreshPerSessionPerHour { get; set; } = 60;
}
