using ChatBot.Core.Knowledge.Matching;
using ChatBot.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Keeps the answer model that matches the current knowledge version. Writers train it right after their change
/// (<see cref="RefreshAsync"/>) and store it in Redis, so other replicas load it instead of training. A replica that
/// finds none keeps answering with the model it has (candidates always come from the live tables, so it stays
/// correct, only slightly less tuned) while one replica trains the new one in the background; only a replica with no
/// model at all waits for training.
/// </summary>
public sealed class AnswerModelProvider(
    IServiceScopeFactory scopes,
    KnowledgeVersion version,
    IConnectionMultiplexer redis,
    MatchingOptions options,
    ChatBotMetrics metrics,
    ILogger<AnswerModelProvider> logger) : IDisposable
{
    private static readonly TimeSpan StoredModelLifetime = TimeSpan.FromDays(7);

    /// <summary>How long a replica's claim to train a version stands; another may take over after it.</summary>
    private static readonly TimeSpan TrainingClaimLifetime = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _training = new(1, 1);
    private readonly Lock _publish = new();
    private (long Version, IAnswerModel Model)? _current;

    public async Task<IAnswerModel> GetAsync(CancellationToken cancellationToken)
    {
        var wanted = await version.CurrentAsync();
        if (_current is { } current && current.Version == wanted)
        {
            return current.Model;
        }

        if (await LoadStoredAsync(wanted) is { } stored)
        {
            return Publish(wanted, stored);
        }

        if (_current is { } previous)
        {
            TrainInBackground(wanted);
            return previous.Model;
        }

        await _training.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fresh && fresh.Version >= wanted)
            {
                return fresh.Model;
            }

            return Publish(wanted, await LoadStoredAsync(wanted) ?? await TrainAndStoreAsync(wanted, cancellationToken));
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
            await redis.GetDatabase().StringSetAsync(ClaimKey(wanted), Environment.MachineName, TrainingClaimLifetime);
            return Publish(wanted, await TrainAndStoreAsync(wanted, cancellationToken));
        }
        finally
        {
            _training.Release();
        }
    }

    /// <summary>One training at a time per replica, and one replica per version (the first to claim it in Redis).</summary>
    private void TrainInBackground(long wanted)
    {
        if (!_training.Wait(0))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var claimed = await redis.GetDatabase().StringSetAsync(ClaimKey(wanted), Environment.MachineName, TrainingClaimLifetime, When.NotExists);
                if (claimed && !(_current is { } fresh && fresh.Version >= wanted))
                {
                    Publish(wanted, await TrainAndStoreAsync(wanted, CancellationToken.None));
                }
            }
            catch (Exception exception) when (exception is RedisException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                logger.LogError(exception, "Background training of the answer model for knowledge version {Version} failed; the previous model stays in use", wanted);
            }
            finally
            {
                _training.Release();
            }
        });
    }

    private async Task<IAnswerModel?> LoadStoredAsync(long modelVersion)
    {
        var stored = await redis.GetDatabase().StringGetAsync(Key(modelVersion));
        return stored.HasValue ? AnswerMatcher.FromJson(stored.ToString(), options) : null;
    }

    /// <summary>Makes a model current unless a newer one already is (trainings may finish out of order).</summary>
    private IAnswerModel Publish(long modelVersion, IAnswerModel model)
    {
        lock (_publish)
        {
            if (_current is not { } current || current.Version <= modelVersion)
            {
                _current = (modelVersion, model);
            }
        }

        return model;
    }

    private async Task<IAnswerModel> TrainAndStoreAsync(long modelVersion, CancellationToken cancellationToken)
    {
        using var activity = KnowledgeRetriever.ActivitySource.StartActivity("knowledge.train");
        activity?.SetTag("chatbot.knowledge.version", modelVersion);
        await using var scope = scopes.CreateAsyncScope();
        var faqs = await scope.ServiceProvider.GetRequiredService<KnowledgeSnapshot>().LoadAsync(cancellationToken);
        // CPU-bound (matrix decompositions): keep it off the request threads.
        var (model, report) = await Task.Run(() => AnswerMatcherTrainer.Train(faqs, options), cancellationToken);
        await redis.GetDatabase().StringSetAsync(Key(modelVersion), model.ToJson(), StoredModelLifetime);
        metrics.TrainingFinished(report.Elapsed);
        activity?.SetTag("chatbot.faqs", faqs.Count);
        logger.LogInformation(
            "Trained the answer model for knowledge version {Version} on {Faqs} FAQs in {Elapsed:F0} ms: threshold {Threshold:F3}, {Positives} pseudo-positives ({Accuracy:P1} found their FAQ; quantiles {PositiveQuantiles}), {Negatives} pseudo-negatives (quantiles {NegativeQuantiles})",
            modelVersion, faqs.Count, report.Elapsed.TotalMilliseconds, report.Threshold, report.Positives, report.PseudoTop1Accuracy,
            string.Join('/', report.PositiveQuantiles), report.Negatives, string.Join('/', report.NegativeQuantiles));
        return model;
    }

    public void Dispose() => _training.Dispose();

    private static RedisKey Key(long modelVersion) => $"chatbot:kb:model:{AnswerMatcher.FormatVersion}:{modelVersion}";

    private static RedisKey ClaimKey(long modelVersion) => $"chatbot:kb:model-training:{modelVersion}";
}
