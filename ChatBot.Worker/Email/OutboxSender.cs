using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using ChatBot.Core.Notifications;
using ChatBot.Core.Telemetry;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.Worker.Email;

/// <summary>
/// Sends the outbox: due mails, oldest first, rendered from their template. A failure (server down, address refused)
/// schedules a retry with a doubling wait; after <see cref="EmailOptions.MaxAttempts"/> the mail is marked failed for
/// admins to see. Each mail is locked while it is sent (and the job runs on one Worker at a time), so no two senders
/// take the same mail. A sent or failed mail keeps its subject and loses its data (reset codes included), and a reset
/// mail not sent within its code's lifetime is given up.
/// </summary>
public sealed class OutboxSender(
    ChatBotDbContext db,
    IConfiguration configuration,
    IOptions<EmailOptions> options,
    ChatBotMetrics metrics,
    TimeProvider time,
    ILogger<OutboxSender> logger)
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    /// <summary>Said once per process, not every few seconds.</summary>
    private static int _warnedNoSmtp;

    /// <summary>Sends what is due; returns how many mails were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await ExpireResetMailsAsync(cancellationToken);
        if (SmtpOptions.Parse(configuration.GetConnectionString(SmtpOptions.ConnectionName)) is not { } smtp)
        {
            if (Interlocked.Exchange(ref _warnedNoSmtp, 1) == 0)
            {
                logger.LogWarning("No SMTP server configured (ConnectionStrings:{Name}); mail stays in the outbox", SmtpOptions.ConnectionName);
            }

            return 0;
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        if (!await db.OutboxEmails.AnyAsync(IsDue(now), cancellationToken))
        {
            return 0;
        }

        SmtpClient client;
        try
        {
            client = await MailSender.ConnectAsync(smtp, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await RecordUnreachableAsync(smtp, exception, now, settings, cancellationToken);
            return 0;
        }

        // One mail per transaction: a mail is marked sent in the same commit that follows its delivery, so a crash or a
        // failed commit can repeat at most the one mail in flight, never the ones already sent before it.
        var sent = 0;
        using (client)
        {
            for (var i = 0; i < settings.BatchSize; i++)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if ((await ClaimDueAsync(now, 1, cancellationToken)).SingleOrDefault() is not { } mail)
                {
                    break;
                }

                sent += await SendAsync(client, mail, now, settings, cancellationToken) ? 1 : 0;
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            await client.DisconnectAsync(quit: true, cancellationToken);
        }

        return sent;
    }

    /// <summary>
    /// A reset mail still waiting when its code has expired would only deliver a dead link: it is given up, and its
    /// code deleted, even while no SMTP server is configured at all.
    /// </summary>
    private async Task ExpireResetMailsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var issuedBefore = now - IdentityExtensions.PasswordResetLifetime;
        var expired = await db.OutboxEmails
            .Where(m => m.Kind == EmailKinds.PasswordReset && m.SentAt == null && m.FailedAt == null && m.CreatedAt < issuedBefore)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.FailedAt, now)
                .SetProperty(m => m.Data, (Dictionary<string, string>?)null)
                .SetProperty(m => m.LastError, "The reset code expired before the mail could be sent."), cancellationToken);
        if (expired > 0)
        {
            logger.LogWarning("{Count} password-reset mails expired unsent", expired);
            metrics.EmailProcessed(EmailKinds.PasswordReset, "expired", expired);
        }
    }

    /// <summary>The server cannot be reached: every due mail counts an attempt and waits for its next one.</summary>
    private async Task RecordUnreachableAsync(SmtpOptions smtp, Exception exception, DateTimeOffset now, EmailOptions settings, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await ClaimDueAsync(now, settings.BatchSize, cancellationToken);
        logger.LogWarning("SMTP server {Host}:{Port} unreachable ({Error}); {Count} mails will be retried", smtp.Host, smtp.Port, exception.Message, due.Count);
        foreach (var mail in due)
        {
            Failed(mail, exception, now, settings);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private static System.Linq.Expressions.Expression<Func<OutboxEmail, bool>> IsDue(DateTimeOffset now) =>
        m => m.SentAt == null && m.FailedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now);

    /// <summary>Locks up to <paramref name="count"/> due mails, oldest first, skipping any another Worker holds.</summary>
    private Task<List<OutboxEmail>> ClaimDueAsync(DateTimeOffset now, int count, CancellationToken cancellationToken) =>
        db.OutboxEmails.FromSqlInterpolated($"""
            SELECT * FROM outbox_emails
            WHERE sent_at IS NULL AND failed_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= {now})
            ORDER BY created_at LIMIT {count}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);

    private async Task<bool> SendAsync(SmtpClient client, OutboxEmail mail, DateTimeOffset now, EmailOptions settings, CancellationToken cancellationToken)
    {
        using var activity = JobTelemetry.StartWork("email.send", mail.TraceParent);
        activity?.SetTag("chatbot.email.kind", mail.Kind);
        if (mail.Data is null)
        {
            GiveUp(mail, now, "Nothing to render: the mail has no template data.");
            return false;
        }

        try
        {
            var rendered = EmailTemplates.Render(mail.Kind, mail.Language, mail.Data);
            await client.SendAsync(MailSender.Compose(mail.Id, options.Value.From, mail.To, rendered), cancellationToken);
            mail.Attempts++;
            mail.SentAt = time.GetUtcNow();
            mail.Subject = rendered.Subject;
            mail.Data = null;
            mail.LastError = null;
            metrics.EmailProcessed(mail.Kind, "sent");
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.Message);
            logger.LogWarning("Mail {MailId} ({Kind}) not sent: {Error}", mail.Id, mail.Kind, exception.Message);
            Failed(mail, exception, now, settings);
            return false;
        }
    }

    private void Failed(OutboxEmail mail, Exception exception, DateTimeOffset now, EmailOptions settings)
    {
        mail.Attempts++;
        mail.LastError = exception.Message.Length > 2000 ? exception.Message[..2000] : exception.Message;
        if (mail.Attempts >= settings.MaxAttempts || exception is ArgumentOutOfRangeException or MimeKit.ParseException)
        {
            GiveUp(mail, now, mail.LastError);
            return;
        }

        var wait = TimeSpan.FromSeconds(settings.FirstRetrySeconds * Math.Pow(2, mail.Attempts - 1));
        mail.NextAttemptAt = now + (wait > LongestWait ? LongestWait : wait);
        metrics.EmailProcessed(mail.Kind, "retry");
    }

    /// <summary>Marked failed for admins to see; like a sent mail, it keeps who and what, not its data (reset codes included).</summary>
    private void GiveUp(OutboxEmail mail, DateTimeOffset now, string? reason)
    {
        mail.FailedAt = now;
        mail.LastError = reason;
        mail.Data = null;
        metrics.EmailProcessed(mail.Kind, "failed");
    }
}
