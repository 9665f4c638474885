namespace ChatBot.Core.Notifications;

/// <summary>
/// An email waiting to be sent. Written in the same transaction as the change that causes it; the Worker's email job
/// sends it (until then, in development, the row itself is the "outbox" a developer can read).
/// </summary>
public sealed class OutboxEmail
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string To { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    /// <summary>What the mail is for, e.g. <c>password_reset</c>; lets the sender pick a template.</summary>
    public required string Kind { get; init; }

    /// <summary>The account it concerns, so erasure can remove it.</summary>
    public Guid? UserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}
