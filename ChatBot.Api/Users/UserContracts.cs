using System.ComponentModel.DataAnnotations;
using ChatBot.Core.Identity;
using ChatBot.Core.Localization;

namespace ChatBot.Api.Users;

/// <summary>Profile changes; absent (null) fields stay as they are.</summary>
public sealed record UpdateProfileRequest : IValidatableObject
{
    [MinLength(UserNameRules.MinLength), MaxLength(UserNameRules.MaxLength)]
    public string? Username { get; init; }

    [MaxLength(100)]
    public string? DisplayName { get; init; }

    [MaxLength(16)]
    public string? PreferredLanguage { get; init; }

    public bool? GdprConsent { get; init; }

    public bool? DataProcessingConsent { get; init; }

    public bool? MarketingConsent { get; init; }

    /// <summary>Admins: receive the weekly analytics report by mail.</summary>
    public bool? WeeklyReport { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Username is not null && !UserNameRules.IsValid(Username))
        {
            yield return new ValidationResult(
                "Use 3-32 letters, digits, '.', '_' or '-', starting with a letter or digit.", [nameof(Username)]);
        }

        if (PreferredLanguage is not null && !LanguageTags.IsValid(PreferredLanguage))
        {
            yield return new ValidationResult("Use a language tag such as 'en' or 'pt-BR'.", [nameof(PreferredLanguage)]);
        }
    }
}

public sealed record ChangePasswordRequest
{
    [Required, MaxLength(128)]
    public string CurrentPassword { get; init; } = "";

    [Required, MinLength(8), MaxLength(128)]
    public string NewPassword { get; init; } = "";
}

/// <summary>After a password change: the other sessions are gone; this one continues with a new access token.</summary>
public sealed record AccessTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed record SessionResponse(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    string? IpAddress,
    string? UserAgent,
    bool Current);
