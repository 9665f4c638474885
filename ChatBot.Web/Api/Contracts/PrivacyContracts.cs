namespace ChatBot.Web.Api.Contracts;

/// <summary>The three consents and their history (<c>GET/PUT /api/v1/users/me/consent</c>).</summary>
public sealed record ConsentState(
    bool GdprConsent,
    DateTimeOffset? GdprConsentAt,
    bool DataProcessingConsent,
    DateTimeOffset? DataProcessingConsentAt,
    bool MarketingConsent,
    DateTimeOffset? MarketingConsentAt,
    IReadOnlyList<ConsentHistoryEntry> History);

public sealed record ConsentHistoryEntry(string ConsentType, bool Granted, DateTimeOffset RecordedAt);

/// <summary>A copy of the user's data that the Worker writes (<c>/api/v1/users/me/export</c>).</summary>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>ready</c> or <c>failed</c>.</param>
public sealed record DataExportInfo(
    Guid Id,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset ExpiresAt,
    long? SizeBytes,
    string? DownloadUrl)
{
    public bool IsPending => Status is "queued" or "running";
}
