using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChatBot.Core.Telemetry;

/// <summary>
/// The <c>ChatBot</c> meter: what the product does, in numbers the dashboard can chart. One instance per host
/// (created through <see cref="IMeterFactory"/>), so tests can observe one host's figures.
/// </summary>
public sealed class ChatBotMetrics
{
    public const string MeterName = "ChatBot";

    private readonly Counter<long> _turns;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _moderationBlocks;
    private readonly Counter<long> _feedback;
    private readonly Counter<long> _handoffs;
    private readonly UpDownCounter<long> _openWebSockets;
    private readonly UpDownCounter<long> _openEventStreams;
    private readonly Histogram<double> _importDuration;
    private readonly Histogram<double> _trainingDuration;
    private readonly Histogram<double> _searchDuration;
    private readonly Counter<long> _retrievalDecisions;
    private readonly Counter<long> _retentionDeleted;
    private readonly Counter<long> _emails;
    private readonly Counter<long> _dependencyFailures;

    public ChatBotMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _turns = meter.CreateCounter<long>("chatbot.chat.turns", "{turn}",
            "Chat turns by provider and outcome (answered, fallback, blocked, stopped, failed).");
        _timeToFirstToken = meter.CreateHistogram<double>("chatbot.chat.time_to_first_token", "s",
            "From receiving a question to the first word of its answer.", advice: LatencyBuckets);
        _turnDuration = meter.CreateHistogram<double>("chatbot.chat.turn.duration", "s",
            "From receiving a question to the end of its answer.", advice: LatencyBuckets);
        _tokens = meter.CreateCounter<long>("chatbot.ai.tokens", "{token}", "Tokens sent to (input) and produced by (output) the chat model.");
        _moderationBlocks = meter.CreateCounter<long>("chatbot.moderation.blocks", "{message}", "Messages refused or withheld by moderation, by category.");
        _feedback = meter.CreateCounter<long>("chatbot.feedback", "{rating}", "Thumbs up and down on answers.");
        _handoffs = meter.CreateCounter<long>("chatbot.handoffs", "{request}", "Requests to talk to a person.");
        _openWebSockets = meter.CreateUpDownCounter<long>("chatbot.websockets.active", "{socket}", "Open chat WebSockets.");
        _openEventStreams = meter.CreateUpDownCounter<long>("chatbot.sse.active", "{stream}", "Open Server-Sent Events answer streams.");
        _importDuration = meter.CreateHistogram<double>("chatbot.knowledge.import.duration", "s", "FAQ imports, from request to stored.");
        _trainingDuration = meter.CreateHistogram<double>("chatbot.knowledge.training.duration", "s", "Training of the answer model.");
        _searchDuration = meter.CreateHistogram<double>("chatbot.knowledge.search.duration", "s",
            "Knowledge-base search: candidates from PostgreSQL and scoring.", advice: LatencyBuckets);
        _retrievalDecisions = meter.CreateCounter<long>("chatbot.knowledge.decisions", "{decision}", "Searches that found a confident answer or fell back.");
        _retentionDeleted = meter.CreateCounter<long>("chatbot.retention.deleted", "{row}", "Rows the retention job deleted, by data class.");
        _emails = meter.CreateCounter<long>("chatbot.emails", "{email}", "Mails sent, retried or given up on, by kind.");
        _dependencyFailures = meter.CreateCounter<long>("chatbot.dependency.unavailable", "{request}",
            "Requests answered 503 because PostgreSQL or Redis did not answer in time.");
    }

    private static InstrumentAdvice<double> LatencyBuckets { get; } = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30],
    };

    public void TurnFinished(string provider, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "chatbot.provider", provider }, { "chatbot.outcome", outcome } };
        _turns.Add(1, tags);
        _turnDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>A turn refused before any answer (moderation counts the block itself, by category).</summary>
    public void TurnBlocked(string provider) =>
        _turns.Add(1, new TagList { { "chatbot.provider", provider }, { "chatbot.outcome", ChatOutcomes.Blocked } });

    public void FirstToken(string provider, TimeSpan elapsed) =>
        _timeToFirstToken.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("chatbot.provider", provider));

    public void TokensUsed(string model, int input, int output)
    {
        _tokens.Add(input, new TagList { { "gen_ai.request.model", model }, { "gen_ai.token.type", "input" } });
        _tokens.Add(output, new TagList { { "gen_ai.request.model", model }, { "gen_ai.token.type", "output" } });
    }

    public void ModerationBlocked(IEnumerable<string> categories)
    {
        foreach (var category in categories.DefaultIfEmpty("unspecified"))
        {
            _moderationBlocks.Add(1, new KeyValuePair<string, object?>("chatbot.category", category));
        }
    }

    public void FeedbackGiven(string rating) => _feedback.Add(1, new KeyValuePair<string, object?>("chatbot.rating", rating));

    public void HandoffRequested() => _handoffs.Add(1);

    public void WebSocketOpened() => _openWebSockets.Add(1);

    public void WebSocketClosed() => _openWebSockets.Add(-1);

    public void EventStreamOpened() => _openEventStreams.Add(1);

    public void EventStreamClosed() => _openEventStreams.Add(-1);

    public void ImportFinished(TimeSpan duration, int rows) =>
        _importDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("chatbot.rows", RowsBucket(rows)));

    public void TrainingFinished(TimeSpan duration) => _trainingDuration.Record(duration.TotalSeconds);

    public void SearchFinished(TimeSpan duration, bool confident)
    {
        _searchDuration.Record(duration.TotalSeconds);
        _retrievalDecisions.Add(1, new KeyValuePair<string, object?>("chatbot.outcome", confident ? "answer" : "fallback"));
    }

    /// <param name="dependency"><c>postgresql</c> or <c>redis</c>.</param>
    public void DependencyUnavailable(string dependency) =>
        _dependencyFailures.Add(1, new KeyValuePair<string, object?>("chatbot.dependency", dependency));

    public void RetentionDeleted(string dataClass, int rows) =>
        _retentionDeleted.Add(rows, new KeyValuePair<string, object?>("chatbot.data_class", dataClass));

    /// <param name="outcome"><c>sent</c>, <c>retry</c>, <c>failed</c> or <c>expired</c> (a reset mail whose code expired unsent).</param>
    public void EmailProcessed(string kind, string outcome, int count = 1) =>
        _emails.Add(count, new TagList { { "chatbot.email.kind", kind }, { "chatbot.outcome", outcome } });

    /// <summary>Order of magnitude only: a tag per exact row count would explode the series.</summary>
    private static string RowsBucket(int rows) => rows switch
    {
        <= 100 => "<=100",
        <= 1_000 => "<=1k",
        <= 10_000 => "<=10k",
        _ => ">10k",
    };
}
