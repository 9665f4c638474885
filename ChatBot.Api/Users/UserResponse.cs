using ChatBot.Core.Identity;

namespace ChatBot.Api.Users;

/// <summary>The public view of an account: never a password hash, security stamp or token.</summary>
public sealed record UserResponse(
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
    DateTimeOffset? LastLoginAt)
{
    public static UserResponse From(User user, string role) => new(
        user.Id,
        user.Email ?? "",
        user.UserName ?? "",
        user.DisplayName,
        user.PreferredLanguage,
        role,
        !user.IsDisabled,
        user.GdprConsent,
        user.DataProcessingConsent,
        user.MarketingConsent,
        user.WeeklyReportOptIn,
        user.CreatedAt,
        user.LastLoginAt);
}
