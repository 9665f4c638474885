namespace ChatBot.Core.Auditing;

/// <summary>A security-relevant event. Never holds passwords or tokens.</summary>
public sealed class AuditLog
{
    public long Id { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>e.g. <c>auth.login</c>, <c>auth.refresh_reuse</c>, <c>admin.role_change</c>.</summary>
    public required string Action { get; init; }

    /// <summary><c>success</c> or <c>failure</c> (and why, in <see cref="Details"/>).</summary>
    public required string Outcome { get; init; }

    /// <summary>The account the event is about (null when the account is unknown, e.g. a failed login).</summary>
    public Guid? UserId { get; set; }

    /// <summary>Who did it when not the user themself (an admin changing a role).</summary>
    public Guid? ActorId { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>Non-secret context as a JSON object.</summary>
    public string? Details { get; init; }
}
