using System.ComponentModel.DataAnnotations;

namespace ChatBot.Api.Auth;

public sealed class JwtOptions
{
    public const string Section = "Jwt";

    [Required]
    public string Issuer { get; set; } = "chatbot";

    [Required]
    public string Audience { get; set; } = "chatbot-api";

    /// <summary>HMAC-SHA256 key, at least 32 bytes (seed: <c>SECRET_KEY</c>). Required outside Development.</summary>
    [Required(ErrorMessage = "Jwt:SigningKey (or SECRET_KEY) must be configured outside Development.")]
    [MinLength(32, ErrorMessage = "Jwt:SigningKey must be at least 32 characters.")]
    public string? SigningKey { get; set; }

    /// <summary>Seed: <c>ACCESS_TOKEN_EXPIRE_MINUTES</c>.</summary>
    [Range(1, 24 * 60)]
    public int AccessTokenMinutes { get; set; } = 30;

    [Range(1, 365)]
    public int RefreshTokenDays { get; set; } = 7;

    /// <summary>Tolerated clock difference between token issuer and validator.</summary>
    [Range(0, 300)]
    public int ClockSkewSeconds { get; set; } = 30;

    public TimeSpan AccessTokenLifetime => TimeSpan.FromMinutes(AccessTokenMinutes);

    public TimeSpan RefreshTokenLifetime => TimeSpan.FromDays(RefreshTokenDays);
}
