using ChatBot.Core.Knowledge.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Keeps the answer model that matches the current knowledge version. Writers train it right after their change
/// (<see cref="RefreshAsync"/>) and store it in Redis, so other replicas load it instead of training; a replica that
/// finds none trains it itself (deterministic, so the result is the same).
/// </summary>
public sealed class AnswerModelProvider(
    IServiceScopeFactory scopes,
    KnowledgeVersion version,
    IConnectionMultiplexer redis,
    MatchingOptions options,
    ILogger<AnswerModelProvider> logger) : IDisposable
{
    private static readonly TimeSpan StoredModelLifetime = TimeSpan.FromDays(7);
    private readonly SemaphoreSlim _training = new(1, 1);
    private (long Version, IAnswerModel Model)? _current;

    public async Task<IAnswerModel> GetAsync(CancellationToken cancellationToken)
    {
        var wanted = await version.CurrentAsync();
        if (_current is { } current && current.Version == wanted)
        {
            return current.Model;
        }

        await _training.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fresh && fresh.Version == wanted)
            {
                return fresh.Model;
            }

            var stored = await redis.GetDatabase().StringGetAsync(Key(wanted));
            var model = stored.HasValue ? AnswerMatcher.FromJson(stored.ToString(), options) : await TrainAndStoreAsync(wanted, cancellationToken);
            _current = (wanted, model);
            return model;
        }
        finally
        {
            _training.Release();
        }
    }

    /// <summary>Trains for the current knowledge version now (called after writes, and by the evaluation tool).</summary>
    public async Task<IAnswerModel> RefreshAsync(CancellationToken cancellationToken)
    {
        await _training.WaitAsync(cancellationToken);
        try
        {
            var wanted = await version.CurrentAsync();
            var model = await TrainAndStoreAsync(wanted, cancellationToken);
            _current = (wanted, model);
            return model;
        }
        finally
        {
            _training.Release();
        }
    }

    private async Task<IAnswerModel> TrainAndStoreAsync(long modelVersion, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var faqs = await scope.ServiceProvider.GetRequiredService<KnowledgeSnapshot>().LoadAsync(cancellationToken);
        // CPU-bound (matrix decompositions): keep it off the request threads.
        var (model, report) = await Task.Run(() => AnswerMatcherTrainer.Train(faqs, options), cancellationToken);
        await redis.GetDatabase().StringSetAsync(Key(modelVersion), model.ToJson(), StoredModelLifetime);
        logger.LogInformation(
            "Trained the answer model for knowledge version {Version} on {Faqs} FAQs in {Elapsed:F0} ms: threshold {Threshold:F3}, {Positives} pseudo-positives ({Accuracy:P1} found their FAQ; quantiles {PositiveQuantiles}), {Negatives} pseudo-negatives (quantiles {NegativeQuantiles})",
            modelVersion, faqs.Count, report.Elapsed.TotalMilliseconds, report.Threshold, report.Positives, report.PseudoTop1Accuracy,
            string.Join('/', report.PositiveQuantiles), report.Negatives, string.Join('/', report.NegativeQuantiles));
        return model;
    }

    public void Dispose() => _training.Dispose();

    private static RedisKey Key(long modelVersion) => $"chatbot:kb:model:{AnswerMatcher.FormatVersion}:{modelVersion}";
}
