namespace ChatBot.Core.Analytics;

/// <summary>The weekly analytics report: a self-contained HTML page with the dashboard's figures and charts.</summary>
public sealed class AnalyticsReport
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>First day covered (UTC).</summary>
    public DateOnly From { get; init; }

    /// <summary>Last day covered (UTC), inclusive.</summary>
    public DateOnly To { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string Html { get; init; }
}
