namespace ChatBot.Core.Analytics;

/// <summary>One day's value of one counter (see <see cref="AnalyticsMetrics"/>).</summary>
public sealed record DailyCounter(DateOnly Day, string Metric, string Key, long Value);
