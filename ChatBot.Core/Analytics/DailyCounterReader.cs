using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Core.Analytics;

/// <summary>
/// The daily counters of a range: past days from the rollups the Worker stored, the last days (and any day not rolled
/// up yet) computed live, so figures are complete whether or not the job has run.
/// </summary>
public sealed class DailyCounterReader(ChatBotDbContext db, DailyCounterQuery live, TimeProvider time)
{
    public async Task<CounterSet> ReadAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var stored = await db.AnalyticsRollups.AsNoTracking()
            .Where(r => r.Day >= from && r.Day <= to && r.Day < today)
            .Select(r => new DailyCounter(r.Day, r.Metric, r.Key, r.Value))
            .ToListAsync(cancellationToken);
        var rolled = stored.Where(c => c.Metric == AnalyticsMetrics.RolledUp).Select(c => c.Day).ToHashSet();
        var counters = stored.Where(c => c.Metric != AnalyticsMetrics.RolledUp && rolled.Contains(c.Day)).ToList();

        // Each run of days not stored is computed live on its own, so a gap never drags the days between into it.
        var last = to < today ? to : today;
        for (var day = from; day <= last; day = day.AddDays(1))
        {
            if (rolled.Contains(day))
            {
                continue;
            }

            var runEnd = day;
            while (runEnd < last && !rolled.Contains(runEnd.AddDays(1)))
            {
                runEnd = runEnd.AddDays(1);
            }

            counters.AddRange(await live.ComputeAsync(day, runEnd, cancellationToken));
            day = runEnd;
        }

        return new CounterSet(counters);
    }
}
