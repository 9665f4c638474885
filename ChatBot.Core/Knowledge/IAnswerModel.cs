namespace ChatBot.Core.Knowledge;

/// <summary>Stage 2 of search: scores candidate FAQs for a query and decides whether the best one is an answer.</summary>
public interface IAnswerModel
{
    /// <summary>Fallback below this score of the best candidate.</summary>
    double Threshold { get; }

    /// <summary>Candidates best first, each with its fused score.</summary>
    IReadOnlyList<RankedFaq> Rank(string query, float[] queryEmbedding, IReadOnlyList<FaqCandidate> candidates);
}
