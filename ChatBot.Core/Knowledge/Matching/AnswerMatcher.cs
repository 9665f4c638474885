using System.Runtime.InteropServices;
using System.Text.Json;

namespace ChatBot.Core.Knowledge.Matching;

/// <summary>
/// The trained answer model of one knowledge base: its LDA projection and word statistics (for scoring) and the
/// fallback threshold calibrated on its own pseudo-questions. Scores and the threshold are on a 0-1 scale.
/// </summary>
public sealed class AnswerMatcher : IAnswerModel
{
    /// <summary>Bumped when the scoring changes, so models stored for an older scoring are never loaded.</summary>
    public const int FormatVersion = 2;

    private readonly LdaProjection _projection;
    private readonly Bm25Statistics _words;
    private readonly CandidateScorer _scorer;

    public AnswerMatcher(LdaProjection projection, Bm25Statistics words, MatchingOptions options, double threshold)
    {
        _projection = projection;
        _words = words;
        _scorer = new CandidateScorer(projection, words, options);
        Threshold = threshold;
    }

    public double Threshold { get; }

    public IReadOnlyList<RankedFaq> Rank(string query, float[] queryEmbedding, IReadOnlyList<FaqCandidate> candidates) =>
        _scorer.Rank(query, queryEmbedding, candidates);

    public string ToJson() => JsonSerializer.Serialize(new Stored(
        FormatVersion,
        MemoryMarshal.AsBytes(_projection.Mean).ToArray(),
        MemoryMarshal.AsBytes(_projection.Matrix).ToArray(),
        new Dictionary<string, double>(_words.Idf),
        _words.UnknownIdf,
        _words.AverageLength,
        Threshold));

    public static AnswerMatcher FromJson(string json, MatchingOptions options)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new InvalidOperationException("Empty answer model");
        var projection = new LdaProjection(MemoryMarshal.Cast<byte, float>(stored.Mean).ToArray(), MemoryMarshal.Cast<byte, float>(stored.Matrix).ToArray());
        var words = new Bm25Statistics(stored.Idf, stored.UnknownIdf, stored.AverageLength, options.Bm25K1, options.Bm25B);
        return new AnswerMatcher(projection, words, options, stored.Threshold);
    }

    private sealed record Stored(int Format, byte[] Mean, byte[] Matrix, Dictionary<string, double> Idf, double UnknownIdf, double AverageLength, double Threshold);
}
