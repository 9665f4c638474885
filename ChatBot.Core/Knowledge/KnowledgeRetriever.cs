using System.Diagnostics;
using System.Diagnostics.Metrics;
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
    AnswerModelProvider models)
{
    public static readonly ActivitySource ActivitySource = new("ChatBot.Knowledge");
    private static readonly Meter Meter = new("ChatBot");
    private static readonly Histogram<double> SearchDuration = Meter.CreateHistogram<double>("chatbot.knowledge.search.duration", "ms");
    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>("chatbot.knowledge.decisions");

    public async Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken)
    {
        var vector = await embeddings.GenerateVectorAsync(request.Query, cancellationToken: cancellationToken);
        return await RetrieveAsync(request, vector.ToArray(), cancellationToken);
    }

    /// <summary>Same, with the question already embedded (the evaluation tool embeds in batches).</summary>
    public async Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, float[] queryEmbedding, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("knowledge.retrieve");
        var started = Stopwatch.GetTimestamp();
        var model = await models.GetAsync(cancellationToken);
        var candidates = await search.FindAsync(new CandidateQuery(request.Query, queryEmbedding, request.Language, request.CategoryIds), cancellationToken);
        var ranked = model.Rank(request.Query, queryEmbedding, candidates);
        var confident = ranked.Count > 0 && ranked[0].Score >= model.Threshold;
        var result = new RetrievalResult([.. ranked.Take(Math.Max(1, request.Limit))], confident, model.Threshold);

        SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        Decisions.Add(1, new KeyValuePair<string, object?>("outcome", confident ? "answer" : "fallback"));
        activity?.SetTag("chatbot.candidates", candidates.Count);
        activity?.SetTag("chatbot.confident", confident);
        activity?.SetTag("chatbot.best_score", ranked.Count > 0 ? ranked[0].Score : null);
        return result;
    }
}
