namespace ChatBot.Core.Identity;

/// <summary>
/// One signed-in device: a family of refresh tokens that rotate on every refresh.
/// Revoking the session revokes every token of the family.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid UserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>The session ends here even if refreshed; refresh tokens never outlive it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Why it ended: logout, reuse_detected, password_changed, admin_disabled, ...</summary>
    public string? RevokedReason { get; set; }

    public List<RefreshToken> RefreshTokens { get; init; } = [];
}
