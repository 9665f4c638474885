using System.ComponentModel.DataAnnotations;

namespace ChatBot.Worker.Email;

/// <summary>Configuration section <c>Email</c>: the sender and how the outbox job retries.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required]
    public string From { get; set; } = "ChatBot <no-reply@chatbot.local>";

    /// <summary>Mails sent per run of the job.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;

    /// <summary>After this many failed attempts a mail is marked failed (visible to admins) and no longer tried.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the first retry; each further retry waits twice as long, at most an hour.</summary>
    [Range(1, 3600)]
    public int FirstRetrySeconds { get; set; } = 30;
}
