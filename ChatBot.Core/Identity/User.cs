using Microsoft.AspNetCore.Identity;

namespace ChatBot.Core.Identity;

/// <summary>An account. Identity supplies credentials, lockout and the security stamp; the rest is ours.</summary>
public sealed class User : IdentityUser<Guid>
{
    public User()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    /// <summary>BCP 47 language tag the user prefers answers in, e.g. <c>en</c>.</summary>
    public string PreferredLanguage { get; set; } = "en";

    public string? DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>Set by an admin; a disabled account cannot sign in and its tokens stop working.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset? DisabledAt { get; set; }

    public bool GdprConsent { get; set; }

    public DateTimeOffset? GdprConsentAt { get; set; }

    public bool DataProcessingConsent { get; set; }

    public DateTimeOffset? DataProcessingConsentAt { get; set; }

    public bool MarketingConsent { get; set; }

    public DateTimeOffset? MarketingConsentAt { get; set; }

    /// <summary>Admins only: mail me the weekly analytics report.</summary>
    public bool WeeklyReportOptIn { get; set; }

    /// <summary>When the user asked to be forgotten; erasure runs after this.</summary>
    public DateTimeOffset? DeletionRequestedAt { get; set; }

    /// <summary>When personal fields were replaced by placeholders (the row is kept only where law requires it).</summary>
    public DateTimeOffset? AnonymizedAt { get; set; }
}
