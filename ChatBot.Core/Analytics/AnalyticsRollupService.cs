using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Analytics;

/// <summary>
/// Stores the daily counters of every settled UTC day not stored yet (up to <see cref="MaxDaysBack"/> days back, days
/// without data included, so readers never compute them again), one transaction per day, so the dashboards read past
/// periods from a few rows instead of scanning events. A day is written once; a second Worker running at the same time
/// finds the day done.
/// </summary>
public sealed class AnalyticsRollupService(ChatBotDbContext db, DailyCounterQuery live, TimeProvider time, ILogger<AnalyticsRollupService> logger)
{
    public const int MaxDaysBack = 400;

    /// <summary>
    /// Days this recent are left to the live readers: conversations started late in a day get their handoffs and
    /// ratings the next morning, and a stored day never changes.
    /// </summary>
    public const int SettleDays = 2;

    public async Task<int> RollUpAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var lastDone = await db.AnalyticsRollups.Where(r => r.Metric == AnalyticsMetrics.RolledUp)
            .MaxAsync(r => (DateOnly?)r.Day, cancellationToken);
        var earliest = today.AddDays(-MaxDaysBack);
        var start = lastDone?.AddDays(1) ?? earliest;
        start = start < earliest ? earliest : start;
        var end = today.AddDays(-SettleDays);
        var written = 0;
        for (var batchStart = start; batchStart <= end; batchStart = batchStart.AddDays(31))
        {
            var batchEnd = batchStart.AddDays(30) < end ? batchStart.AddDays(30) : end;
            var counters = await live.ComputeAsync(batchStart, batchEnd, cancellationToken);
            for (var day = batchStart; day <= batchEnd; day = day.AddDays(1))
            {
                var date = day;
                written += await StoreAsync(date, counters.Where(c => c.Day == date), cancellationToken) ? 1 : 0;
            }
        }

        if (written > 0)
        {
            logger.LogInformation("Analytics rolled up {Days} days, {From} to {To}", written, start, end);
        }

        return written;
    }

    private async Task<bool> StoreAsync(DateOnly day, IEnumerable<DailyCounter> counters, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Another Worker may be rolling up the same day: the first to lock it writes it.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('analytics-rollup'), {day.DayNumber})", cancellationToken);
        if (await db.AnalyticsRollups.AnyAsync(r => r.Day == day && r.Metric == AnalyticsMetrics.RolledUp, cancellationToken))
        {
            return false;
        }

        await db.AnalyticsRollups.Where(r => r.Day == day).ExecuteDeleteAsync(cancellationToken);
        db.AnalyticsRollups.AddRange(counters.Select(c => new AnalyticsRollup { Day = day, Metric = c.Metric, Key = c.Key, Value = c.Value }));
        db.AnalyticsRollups.Add(new AnalyticsRollup { Day = day, Metric = AnalyticsMetrics.RolledUp, Value = 1 });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }
}
