using System.Globalization;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Core.Analytics;

/// <summary>Puts the dashboard together from the daily counters, plus the few figures that need distinct users or text.</summary>
public sealed class DashboardBuilder(ChatBotDbContext db, DailyCounterReader counters, UnansweredQuestionGroups unanswered, TimeProvider time)
{
    private const int TopCount = 10;

    public async Task<Dashboard> BuildAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var set = await counters.ReadAsync(from, to, cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var lastDay = to < today ? to : today;
        var days = Math.Max(1, lastDay.DayNumber - from.DayNumber + 1);

        var answers = set.Total(AnalyticsMetrics.Turns);
        var up = set.Total(AnalyticsMetrics.FeedbackUp);
        var down = set.Total(AnalyticsMetrics.FeedbackDown);
        var prompt = set.ByKey(AnalyticsMetrics.PromptTokens).ToDictionary(k => k.Key, k => k.Value);
        var completion = set.ByKey(AnalyticsMetrics.CompletionTokens).ToDictionary(k => k.Key, k => k.Value);
        var cited = set.ByKey(AnalyticsMetrics.FaqCitations).Take(TopCount)
            .Select(k => (Id: int.Parse(k.Key, CultureInfo.InvariantCulture), Count: k.Value)).ToList();
        var citedIds = cited.Select(c => c.Id).ToList();
        var questions = await db.Faqs.AsNoTracking().Where(f => citedIds.Contains(f.Id))
            .ToDictionaryAsync(f => f.Id, f => f.Question, cancellationToken);

        var end = DailyCounterQuery.StartOf(to.AddDays(1));
        return new Dashboard(
            from,
            to,
            new UserFigures(await db.Users.CountAsync(u => u.CreatedAt < end, cancellationToken), set.Total(AnalyticsMetrics.NewUsers)),
            new ActiveUserFigures(
                Math.Round((double)set.Total(AnalyticsMetrics.ActiveUsers) / days, 2),
                await DistinctActiveUsersAsync(to.AddDays(-6), to, cancellationToken),
                await DistinctActiveUsersAsync(to.AddDays(-29), to, cancellationToken)),
            set.Total(AnalyticsMetrics.Conversations),
            set.Total(AnalyticsMetrics.Messages),
            answers,
            new LatencyFigures(set.LatencyPercentile(0.50), set.LatencyPercentile(0.95)),
            [.. prompt.Keys.Union(completion.Keys).Order(StringComparer.Ordinal)
                .Select(model => new ModelTokens(model, prompt.GetValueOrDefault(model), completion.GetValueOrDefault(model)))],
            Rate(set.Total(AnalyticsMetrics.Fallbacks), answers),
            new FeedbackFigures(up, down, Rate(up, up + down)),
            set.Total(AnalyticsMetrics.Handoffs),
            [.. set.ByKey(AnalyticsMetrics.ModerationBlocks).Select(k => new CategoryCount(k.Key, k.Value))],
            [.. cited.Select(c => new CitedFaq(c.Id, questions.GetValueOrDefault(c.Id), c.Count))],
            await unanswered.ReadAsync(from, to, TopCount, cancellationToken));
    }

    public static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private async Task<long> DistinctActiveUsersAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = DailyCounterQuery.StartOf(from);
        var end = DailyCounterQuery.StartOf(to.AddDays(1));
        return await db.AnalyticsEvents.Where(e => e.UserId != null && e.OccurredAt >= start && e.OccurredAt < end)
            .Select(e => e.UserId).Distinct().LongCountAsync(cancellationToken);
    }
}
