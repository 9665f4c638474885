namespace ChatBot.Api.RateLimiting;

/// <summary>Endpoint metadata choosing which limits apply (default: per user, or per IP when anonymous).</summary>
public sealed class RateLimitTier
{
    private RateLimitTier(string name) => Name = name;

    public string Name { get; }

    /// <summary>Endpoints that take credentials: a strict per-IP budget against brute force.</summary>
    public static RateLimitTier Credentials { get; } = new("credentials");

    /// <summary>Token refresh: a generous per-IP budget, then a per-session one once the token is known.</summary>
    public static RateLimitTier Refresh { get; } = new("refresh");

    /// <summary>Endpoints that are never limited (health probes, docs).</summary>
    public static RateLimitTier Unlimited { get; } = new("unlimited");
}
