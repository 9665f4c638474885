namespace ChatBot.Core.Analytics;

/// <summary>The names of the daily counters (<see cref="AnalyticsRollup.Metric"/>), one per fact the dashboards show.</summary>
public static class AnalyticsMetrics
{
    /// <summary>Written for every rolled-up day, so a day without activity is known to be done.</summary>
    public const string RolledUp = "rollup.done";

    public const string NewUsers = "users.new";
    public const string ActiveUsers = "users.active";
    public const string Turns = "turns";
    public const string Fallbacks = "turns.fallback";
    public const string Messages = "messages";

    /// <summary>Keyed by model.</summary>
    public const string PromptTokens = "tokens.prompt";

    /// <summary>Keyed by model.</summary>
    public const string CompletionTokens = "tokens.completion";

    /// <summary>Answers whose latency is at most the key's bound in milliseconds (and above the previous bound).</summary>
    public const string Latency = "latency.le";

    public const string FeedbackUp = "feedback.up";
    public const string FeedbackDown = "feedback.down";
    public const string Handoffs = "handoffs";

    /// <summary>Keyed by category.</summary>
    public const string ModerationBlocks = "moderation.blocked";

    /// <summary>Keyed by FAQ id: answers that cited it.</summary>
    public const string FaqCitations = "faq.cited";

    /// <summary>Conversations started that day, and what became of them (counted when the day is rolled up).</summary>
    public const string Conversations = "conversations";

    public const string ConversationMessages = "conversations.messages";
    public const string ConversationSeconds = "conversations.seconds";
    public const string ConversationsResolved = "conversations.resolved";
    public const string ConversationsHandedOff = "conversations.handed_off";

    /// <summary>Upper bounds of the latency buckets, in milliseconds; the last bucket is unbounded.</summary>
    public static readonly int[] LatencyBoundsMs = [25, 50, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10_000, 30_000, 60_000, int.MaxValue];
}
