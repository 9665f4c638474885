using System.Text.Json;

namespace ChatBot.Core.Knowledge;

/// <summary>Logistic regression over <see cref="AnswerFeatures"/>, plus the fallback threshold it was calibrated with.</summary>
public sealed class LinearAnswerModel(double[] weights, double threshold) : IAnswerModel
{
    /// <summary>Bumped when features change, so models trained for other features are never loaded.</summary>
    public const int FormatVersion = 1;

    public double[] Weights { get; } = weights;

    public double Threshold { get; } = threshold;

    public IReadOnlyList<RankedFaq> Rank(string query, IReadOnlyList<FaqCandidate> candidates)
    {
        var features = AnswerFeatures.Compute(candidates);
        return candidates
            .Select((candidate, i) => new RankedFaq(candidate, Probability(features[i]), candidate.MaxSimilarity, candidate.MaxLexicalRank))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Faq.FaqId)
            .ToList();
    }

    public double Probability(double[] features)
    {
        var z = 0.0;
        for (var i = 0; i < Weights.Length; i++)
        {
            z += Weights[i] * features[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    public string ToJson() => JsonSerializer.Serialize(new Stored(FormatVersion, Weights, Threshold));

    public static LinearAnswerModel FromJson(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new InvalidOperationException("Empty model");
        return new LinearAnswerModel(stored.Weights, stored.Threshold);
    }

    private sealed record Stored(int Format, double[] Weights, double Threshold);
}
