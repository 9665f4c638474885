using System.Diagnostics;
using ChatBot.Core.Telemetry;
using Microsoft.Extensions.AI;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// The one search path of the product (chat turns, <c>/faqs/search</c> and the evaluation tool all use it): embed the
/// question, gather candidates in PostgreSQL (vectors + full text), score them with the knowledge base's trained answer
/// model, and decide between answering and falling back.
/// </summary>
public sealed class KnowledgeRetriever(
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    FaqCandidateSearch search,
    AnswerModelProvider models,
    ChatBotMetrics metrics)
{
    public static readonly ActivitySource ActivitySource = new("ChatBot.Knowledge");

    public async Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("knowledge.retrieve");
        var vector = await embeddings.GenerateVectorAsync(request.Query, cancellationToken: cancellationToken);
        return await RankAsync(request, vector.ToArray(), activity, cancellationToken);
    }

    /// <summary>Same, with the question already embedded (the evaluation tool embeds in batches).</summary>
    public async Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, float[] queryEmbedding, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("knowledge.retrieve");
        return await RankAsync(request, queryEmbedding, activity, cancellationToken);
    }

    private async Task<RetrievalResult> RankAsync(RetrievalRequest request, float[] queryEmbedding, Activity? activity, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var model = await models.GetAsync(cancellationToken);
        var candidates = await search.FindAsync(new CandidateQuery(request.Query, queryEmbedding, request.Language, request.CategoryIds), cancellationToken);
        var ranked = model.Rank(request.Query, queryEmbedding, candidates);
        var confident = ranked.Count > 0 && ranked[0].Score >= model.Threshold;
        var result = new RetrievalResult([.. ranked.Take(Math.Max(1, request.Limit))], confident, model.Threshold);

        metrics.SearchFinished(Stopwatch.GetElapsedTime(started), confident);
        activity?.SetTag("chatbot.candidates", candidates.Count);
        activity?.SetTag("chatbot.confident", confident);
        activity?.SetTag("chatbot.best_score", ranked.Count > 0 ? ranked[0].Score : null);
        return result;
    }
}
