namespace ChatBot.Core.Analytics;

/// <summary>
/// One counter for one past UTC day (e.g. <c>turns</c>, <c>tokens.prompt</c> for a model, <c>latency.le</c> for a
/// latency bucket), written by the Worker's rollup job. Counters add up across days, so any range is a sum; percentiles
/// come from the summed latency buckets. Nothing here identifies a person.
/// </summary>
public sealed class AnalyticsRollup
{
    public DateOnly Day { get; init; }

    public required string Metric { get; init; }

    /// <summary>The dimension (a model, a category, an FAQ id, a bucket bound), or empty.</summary>
    public string Key { get; init; } = "";

    public long Value { get; set; }
}
