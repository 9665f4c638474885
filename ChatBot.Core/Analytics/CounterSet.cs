namespace ChatBot.Core.Analytics;

/// <summary>Daily counters over a range, with the sums and breakdowns the dashboards need.</summary>
public sealed class CounterSet(IReadOnlyList<DailyCounter> counters)
{
    /// <summary>By metric, so a per-period figure scans only its own counters (a year holds one row per FAQ cited per day).</summary>
    private readonly Dictionary<string, List<DailyCounter>> _byMetric = counters.GroupBy(c => c.Metric).ToDictionary(g => g.Key, g => g.ToList());

    public long Total(string metric) => Of(metric).Sum(c => c.Value);

    public long Total(string metric, Func<DateOnly, bool> inPeriod) => Of(metric).Where(c => inPeriod(c.Day)).Sum(c => c.Value);

    private List<DailyCounter> Of(string metric) => _byMetric.GetValueOrDefault(metric) ?? [];

    /// <summary>Totals per key, largest first.</summary>
    public IReadOnlyList<(string Key, long Value)> ByKey(string metric) =>
        [.. Of(metric).GroupBy(c => c.Key)
            .Select(g => (g.Key, g.Sum(c => c.Value))).OrderByDescending(k => k.Item2).ThenBy(k => k.Key, StringComparer.Ordinal)];

    /// <summary>
    /// A latency percentile estimated from the summed buckets: linear within the bucket it falls in (the open last
    /// bucket reports its lower bound). Null when there were no answers.
    /// </summary>
    public int? LatencyPercentile(double percentile)
    {
        var buckets = AnalyticsMetrics.LatencyBoundsMs
            .Select(bound => (Bound: bound, Count: Of(AnalyticsMetrics.Latency).Where(c => c.Key == BucketKey(bound)).Sum(c => c.Value)))
            .ToList();
        var total = buckets.Sum(b => b.Count);
        if (total == 0)
        {
            return null;
        }

        var rank = percentile * total;
        long seen = 0;
        var lower = 0;
        foreach (var (bound, count) in buckets)
        {
            if (count > 0 && seen + count >= rank)
            {
                if (bound == int.MaxValue)
                {
                    return lower;
                }

                return (int)Math.Round(lower + ((bound - lower) * (rank - seen) / count));
            }

            seen += count;
            lower = bound == int.MaxValue ? lower : bound;
        }

        return lower;
    }

    /// <summary>The key a latency bucket is stored under: its upper bound, or <c>inf</c>.</summary>
    public static string BucketKey(int bound) => bound == int.MaxValue ? "inf" : bound.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
