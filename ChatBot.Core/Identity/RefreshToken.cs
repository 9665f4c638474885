namespace ChatBot.Core.Identity;

/// <summary>A refresh token, stored only as a SHA-256 hash. Spent once; a second use reveals theft.</summary>
public sealed class RefreshToken
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid SessionId { get; init; }

    public Guid UserId { get; init; }

    /// <summary>Hex SHA-256 of the random token the client holds.</summary>
    public required string TokenHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When it was exchanged for a new pair. Presenting it again after this revokes the session.</summary>
    public DateTimeOffset? ConsumedAt { get; set; }

    public Guid? ReplacedByTokenId { get; set; }
}
