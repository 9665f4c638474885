using System.ComponentModel.DataAnnotations;

namespace ChatBot.Api.Privacy;

/// <summary>All three consents, as the user now gives them (PUT replaces the whole state).</summary>
public sealed record ConsentRequest
{
    [Required]
    public bool? GdprConsent { get; init; }

    [Required]
    public bool? DataProcessingConsent { get; init; }

    [Required]
    public bool? MarketingConsent { get; init; }
}

public sealed record ConsentResponse(
    bool GdprConsent,
    DateTimeOffset? GdprConsentAt,
    bool DataProcessingConsent,
    DateTimeOffset? DataProcessingConsentAt,
    bool MarketingConsent,
    DateTimeOffset? MarketingConsentAt,
    IReadOnlyList<ConsentHistoryEntry> History);

public sealed record ConsentHistoryEntry(string ConsentType, bool Granted, DateTimeOffset RecordedAt);

/// <param name="DownloadUrl">Where the file is, once <c>ready</c>.</param>
public sealed record DataExportResponse(
    Guid Id,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset ExpiresAt,
    long? SizeBytes,
    string? DownloadUrl);

/// <summary>Erasing your own account asks for your password again, so a stolen token alone cannot do it.</summary>
public sealed record DeleteAccountRequest
{
    [Required, MaxLength(128)]
    public string Password { get; init; } = "";
}
