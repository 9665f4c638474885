namespace ChatBot.Core.Analytics;

/// <summary>Conversation figures per day or per ISO week (Monday first), from the daily counters.</summary>
public sealed class ConversationTrends(DailyCounterReader counters)
{
    public async Task<IReadOnlyList<ConversationPeriod>> ReadAsync(DateOnly from, DateOnly to, TrendGranularity granularity, CancellationToken cancellationToken)
    {
        var set = await counters.ReadAsync(from, to, cancellationToken);
        var periods = new List<ConversationPeriod>();
        for (var start = PeriodStart(from, granularity); start <= to; start = start.AddDays(granularity == TrendGranularity.Week ? 7 : 1))
        {
            var periodStart = start < from ? from : start;
            var periodEnd = granularity == TrendGranularity.Week ? start.AddDays(6) : start;
            periodEnd = periodEnd > to ? to : periodEnd;
            bool InPeriod(DateOnly day) => day >= periodStart && day <= periodEnd;
            var conversations = set.Total(AnalyticsMetrics.Conversations, InPeriod);
            periods.Add(new ConversationPeriod(
                periodStart,
                periodEnd,
                conversations,
                set.Total(AnalyticsMetrics.Messages, InPeriod),
                Average(set.Total(AnalyticsMetrics.ConversationMessages, InPeriod), conversations),
                Average(set.Total(AnalyticsMetrics.ConversationSeconds, InPeriod), conversations),
                DashboardBuilder.Rate(set.Total(AnalyticsMetrics.ConversationsResolved, InPeriod), conversations),
                DashboardBuilder.Rate(set.Total(AnalyticsMetrics.ConversationsHandedOff, InPeriod), conversations)));
        }

        return periods;
    }

    private static DateOnly PeriodStart(DateOnly day, TrendGranularity granularity) =>
        granularity == TrendGranularity.Week ? day.AddDays(-(((int)day.DayOfWeek + 6) % 7)) : day;

    private static double? Average(long total, long count) => count == 0 ? null : Math.Round((double)total / count, 2);
}

public enum TrendGranularity
{
    Day,
    Week,
}

/// <param name="AverageMessages">Messages per conversation started in the period.</param>
/// <param name="AverageDurationSeconds">First to last message, per conversation started in the period.</param>
/// <param name="ResolutionRate">Share answered without a handoff or a 👎, with at least one answer from the knowledge base.</param>
/// <param name="HandoffRate">Share handed to a person.</param>
public sealed record ConversationPeriod(
    DateOnly From,
    DateOnly To,
    long Conversations,
    long Messages,
    double? AverageMessages,
    double? AverageDurationSeconds,
    double? ResolutionRate,
    double? HandoffRate);
