using System.Diagnostics;

namespace ChatBot.Core.Notifications;

/// <summary>
/// An email waiting to be sent. Written in the same transaction as the change that causes it; the Worker's email job
/// renders it from its template (<see cref="Kind"/>, <see cref="Language"/>, <see cref="Data"/>) and sends it. Once
/// sent or given up, <see cref="Data"/> is cleared (and a reset mail not sent within its code's lifetime is given up):
/// a copy of the database holds no usable reset code.
/// </summary>
public sealed class OutboxEmail
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string To { get; init; }

    /// <summary>The template, e.g. <c>password_reset</c> or <c>welcome</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>BCP 47 tag of the recipient's language; the template falls back to English.</summary>
    public string Language { get; init; } = "en";

    /// <summary>What the template fills in (user name, link, code); null once sent or given up.</summary>
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>The subject it was sent with (kept as a record; the body is not).</summary>
    public string? Subject { get; set; }

    /// <summary>The account it concerns, so erasure can remove it.</summary>
    public Guid? UserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Set when the sender gave up (after its retries, or a reset code expired); the mail stays for an admin to see.</summary>
    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>When the sender tries again after a failure (backing off).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>W3C traceparent of the request that queued it, so the send links to it.</summary>
    public string? TraceParent { get; init; }

    /// <summary>A mail to queue in the current transaction, carrying the current trace so its sending links to it.</summary>
    public static OutboxEmail Queue(string kind, string to, string? language, Dictionary<string, string> data, Guid? userId, DateTimeOffset now) => new()
    {
        Kind = kind,
        To = to,
        Language = string.IsNullOrWhiteSpace(language) ? "en" : language,
        Data = data,
        UserId = userId,
        CreatedAt = now,
        TraceParent = Activity.Current?.Id,
    };
}
