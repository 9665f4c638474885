namespace ChatBot.Core.Knowledge;

/// <summary>A candidate after stage 2: its fused score (probability-like, 0-1) and the two signals behind it.</summary>
public sealed record RankedFaq(FaqCandidate Faq, double Score, double Semantic, double Lexical);

/// <summary>
/// The outcome of retrieval for one question: candidates best first, and whether the best one is confident enough
/// to answer with (otherwise the bot falls back).
/// </summary>
public sealed record RetrievalResult(IReadOnlyList<RankedFaq> Ranked, bool Confident, double Threshold)
{
    public RankedFaq? Best => Confident && Ranked.Count > 0 ? Ranked[0] : null;

    public static RetrievalResult Empty(double threshold) => new([], false, threshold);
}

/// <summary>A question to answer from the knowledge base, with optional filters.</summary>
public sealed record RetrievalRequest(string Query, string? Language = null, IReadOnlyList<int>? CategoryIds = null, int Limit = 5);
