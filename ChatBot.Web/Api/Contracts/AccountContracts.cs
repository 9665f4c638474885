namespace ChatBot.Web.Api.Contracts;

public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn, int RefreshExpiresIn);

public sealed record AccessTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed record UserProfile(
    Guid Id,
    string Email,
    string Username,
    string? DisplayName,
    string PreferredLanguage,
    string Role,
    bool IsActive,
    bool GdprConsent,
    bool DataProcessingConsent,
    bool MarketingConsent,
    bool WeeklyReport,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt);

public sealed record SessionInfo(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    string? IpAddress,
    string? UserAgent,
    bool Current);

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
