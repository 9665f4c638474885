namespace ChatBot.Core.Privacy;

/// <summary>History of consent given or withdrawn; the user row holds only the current state.</summary>
public sealed class ConsentRecord
{
    public long Id { get; init; }

    public Guid UserId { get; init; }

    /// <summary><c>gdpr</c>, <c>data_processing</c> or <c>marketing</c>.</summary>
    public required string ConsentType { get; init; }

    public bool Granted { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }
}
