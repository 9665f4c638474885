using System.Globalization;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using ChatBot.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Analytics;

/// <summary>
/// Writes the report for the last full ISO week (Monday to Sunday, UTC) once, and in the same transaction queues a
/// mail to every admin who opted in; a second run for the same week finds the report and does nothing.
/// </summary>
public sealed class WeeklyReportService(
    ChatBotDbContext db,
    DashboardBuilder dashboards,
    ConversationTrends trends,
    TimeProvider time,
    ILogger<WeeklyReportService> logger)
{
    public async Task<AnalyticsReport?> WriteLastWeekAsync(string reportsUrl, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var from = thisMonday.AddDays(-7);
        var to = thisMonday.AddDays(-1);
        if (await db.AnalyticsReports.AnyAsync(r => r.From == from && r.To == to, cancellationToken))
        {
            return null;
        }

        var dashboard = await dashboards.BuildAsync(from, to, cancellationToken);
        var days = await trends.ReadAsync(from, to, TrendGranularity.Day, cancellationToken);
        var report = new AnalyticsReport { From = from, To = to, CreatedAt = time.GetUtcNow(), Html = WeeklyReportRenderer.Render(dashboard, days) };

        var admins = await db.Users.AsNoTracking()
            .Where(u => u.WeeklyReportOptIn && !u.IsDisabled && u.Email != null &&
                        db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)))
            .Select(u => new { u.Id, u.Email, u.UserName, u.PreferredLanguage })
            .ToListAsync(cancellationToken);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{from:yyyy-MM-dd} – {to:yyyy-MM-dd}: {dashboard.Conversations} conversations, {dashboard.Answers} answers, fallback rate {Percent(dashboard.FallbackRate)}, satisfaction {Percent(dashboard.Feedback.Satisfaction)}, {dashboard.Handoffs} handoffs.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AnalyticsReports.Add(report);
        foreach (var admin in admins)
        {
            db.OutboxEmails.Add(OutboxEmail.Queue(EmailKinds.AnalyticsReport, admin.Email!, admin.PreferredLanguage, new Dictionary<string, string>
            {
                [EmailKinds.Keys.UserName] = admin.UserName ?? "",
                [EmailKinds.Keys.Link] = reportsUrl,
                [EmailKinds.Keys.Summary] = summary,
            }, admin.Id, time.GetUtcNow()));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another Worker wrote this week's report first (unique week): its mails went with it.
            db.ChangeTracker.Clear();
            return null;
        }

        logger.LogInformation("Weekly analytics report {From} to {To} written; {Admins} admins notified", from, to, admins.Count);
        return report;
    }

    private static string Percent(double? rate) => rate is null ? "–" : (rate.Value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
