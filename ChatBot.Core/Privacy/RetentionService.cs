using ChatBot.Core.Data;
using ChatBot.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Privacy;

/// <summary>
/// Deletes what is older than its retention period (<see cref="PrivacyOptions"/>), class by class, in bounded batches;
/// counts go to the log and to <c>chatbot.retention.deleted</c>.
/// </summary>
public sealed class RetentionService(
    ChatBotDbContext db,
    IOptions<PrivacyOptions> options,
    ChatBotMetrics metrics,
    TimeProvider time,
    ILogger<RetentionService> logger)
{
    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var data = now.AddDays(-settings.RetentionDays);
        var audit = now.AddDays(-settings.AuditRetentionDays);
        var operational = now.AddDays(-settings.OperationalRetentionDays);
        var batch = settings.DeleteBatchSize;

        var report = new RetentionReport(
            // Messages go with their conversation (cascade).
            Conversations: await DeleteAsync("conversations", () => db.Conversations
                .Where(c => c.LastMessageAt < data).OrderBy(c => c.LastMessageAt).Take(batch), cancellationToken),
            ModerationFlags: await DeleteAsync("moderation_flags", () => db.ModerationFlags
                .Where(f => f.CreatedAt < data).OrderBy(f => f.Id).Take(batch), cancellationToken),
            AnalyticsEvents: await DeleteAsync("analytics_events", () => db.AnalyticsEvents
                .Where(e => e.OccurredAt < data).OrderBy(e => e.Id).Take(batch), cancellationToken),
            AuditLogs: await DeleteAsync("audit_logs", () => db.AuditLogs
                .Where(a => a.OccurredAt < audit).OrderBy(a => a.Id).Take(batch), cancellationToken),
            Emails: await DeleteAsync("outbox_emails", () => db.OutboxEmails
                .Where(e => (e.SentAt != null && e.SentAt < operational) || (e.FailedAt != null && e.FailedAt < operational))
                .OrderBy(e => e.CreatedAt).Take(batch), cancellationToken),
            Imports: await DeleteAsync("faq_imports", () => db.FaqImports
                .Where(i => i.FinishedAt != null && i.FinishedAt < operational).OrderBy(i => i.FinishedAt).Take(batch), cancellationToken),
            // Their chunks go with them (cascade); small batches, as each export may hold many megabytes.
            Exports: await DeleteAsync("data_exports", () => db.DataExports
                .Where(e => e.ExpiresAt < now).OrderBy(e => e.ExpiresAt).Take(10), cancellationToken));
        logger.LogInformation(
            "Retention removed {Conversations} conversations (with their messages), {Flags} moderation flags, {Events} usage events, {Audit} audit rows, {Emails} mails, {Imports} imports and {Exports} expired data exports",
            report.Conversations, report.ModerationFlags, report.AnalyticsEvents, report.AuditLogs, report.Emails, report.Imports, report.Exports);
        return report;
    }

    private async Task<int> DeleteAsync<T>(string dataClass, Func<IQueryable<T>> nextBatch, CancellationToken cancellationToken)
    {
        using var activity = JobTelemetry.Source.StartActivity($"retention.delete {dataClass}");
        var total = 0;
        while (true)
        {
            var deleted = await nextBatch().ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted == 0)
            {
                break;
            }
        }

        metrics.RetentionDeleted(dataClass, total);
        activity?.SetTag("chatbot.deleted", total);
        return total;
    }
}

public sealed record RetentionReport(int Conversations, int ModerationFlags, int AnalyticsEvents, int AuditLogs, int Emails, int Imports, int Exports);
