using System.Globalization;

namespace ChatBot.Bench;

/// <summary>Percentiles of a set of timings, in milliseconds.</summary>
public sealed record LatencySummary(int Count, double Mean, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new LatencySummary(sorted.Length, sorted.Average(), At(0.50), At(0.95), At(0.99), sorted[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"n={Count} mean {Mean:F1} ms, p50 {P50:F1}, p95 {P95:F1}, p99 {P99:F1}, max {Max:F1}");
}
