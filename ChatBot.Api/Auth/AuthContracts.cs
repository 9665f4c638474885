using System.ComponentModel.DataAnnotations;
using ChatBot.Core.Identity;
using ChatBot.Core.Localization;

namespace ChatBot.Api.Auth;

public sealed record RegisterRequest : IValidatableObject
{
    [Required, EmailAddress, MaxLength(254)]
    public string Email { get; init; } = "";

    [Required, MinLength(UserNameRules.MinLength), MaxLength(UserNameRules.MaxLength)]
    public string Username { get; init; } = "";

    [Required, MinLength(8), MaxLength(128)]
    public string Password { get; init; } = "";

    /// <summary>Preferred answer language (BCP 47, e.g. <c>en</c>, <c>pt-BR</c>); default <c>en</c>.</summary>
    [MaxLength(16)]
    public string? Language { get; init; }

    public bool GdprConsent { get; init; }

    public bool DataProcessingConsent { get; init; }

    public bool MarketingConsent { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Username.Length > 0 && !UserNameRules.IsValid(Username))
        {
            yield return new ValidationResult(
                "Use 3-32 letters, digits, '.', '_' or '-', starting with a letter or digit.", [nameof(Username)]);
        }

        if (Language is not null && !LanguageTags.IsValid(Language))
        {
            yield return new ValidationResult("Use a language tag such as 'en' or 'pt-BR'.", [nameof(Language)]);
        }
    }
}

/// <summary>Sign in with either the email or the user name (both fields accept either).</summary>
public sealed record LoginRequest : IValidatableObject
{
    [MaxLength(254)]
    public string? Email { get; init; }

    [MaxLength(254)]
    public string? Username { get; init; }

    [Required, MaxLength(128)]
    public string Password { get; init; } = "";

    public string Login => (string.IsNullOrWhiteSpace(Email) ? Username : Email)?.Trim() ?? "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Username))
        {
            yield return new ValidationResult("Give the email or the user name.", [nameof(Email)]);
        }
    }
}

public sealed record RefreshRequest
{
    [Required, MaxLength(200)]
    public string RefreshToken { get; init; } = "";
}

public sealed record ForgotPasswordRequest
{
    [Required, EmailAddress, MaxLength(254)]
    public string Email { get; init; } = "";
}

public sealed record ResetPasswordRequest
{
    [Required, EmailAddress, MaxLength(254)]
    public string Email { get; init; } = "";

    [Required, MaxLength(2000)]
    public string Token { get; init; } = "";

    [Required, MinLength(8), MaxLength(128)]
    public string NewPassword { get; init; } = "";
}

public sealed record AcceptedResponse(string Message);
