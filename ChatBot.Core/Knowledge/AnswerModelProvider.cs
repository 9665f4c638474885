using ChatBot.Core.Knowledge.Matching;
using ChatBot.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Keeps the answer model that matches the current knowledge version. Models are trained after a change (by the
/// writer, or by the Worker's training job: <see cref="KnowledgeOptions.AnswerModelTraining"/>) and stored in Redis,
/// so replicas load them instead of training. A replica that finds none keeps answering with the model it has
/// (candidates always come from the live tables, so it stays correct, only slightly less tuned); only a replica with
/// no model at all waits for training. When Redis cannot be reached, the model in memory keeps answering.
/// </summary>
public sealed class AnswerModelProvider(
    IServiceScopeFactory scopes,
    KnowledgeVersion version,
    IConnectionMultiplexer redis,
    MatchingOptions options,
    IOptions<KnowledgeOptions> knowledge,
    ChatBotMetrics metrics,
    ILogger<AnswerModelProvider> logger) : IDisposable
{
    private static readonly TimeSpan StoredModelLifetime = TimeSpan.FromDays(7);

    /// <summary>How long a replica's claim to train a version stands; another may take over after it.</summary>
    private static readonly TimeSpan TrainingClaimLifetime = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _training = new(1, 1);
    private CurrentModel? _current;

    private sealed record CurrentModel(long Version, IAnswerModel Model);

    public async Task<IAnswerModel> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        long wanted;
        try
        {
            wanted = await version.CurrentAsync();
            if (current is not null && current.Version == wanted)
            {
                return current.Model;
            }

            if (await LoadStoredAsync(wanted) is { } stored)
            {
                return Publish(wanted, stored);
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException && current is not null)
        {
            logger.LogWarning("Redis unavailable ({Error}); answering with the answer model in memory", exception.Message);
            return current.Model;
        }

        if (current is not null)
        {
            if (knowledge.Value.AnswerModelTraining == AnswerModelTraining.InProcess)
            {
                TrainInBackground(wanted);
            }

            return current.Model;
        }

        await _training.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _current) is { } fresh && fresh.Version == wanted)
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
            return Publish(wanted, await TrainAndStoreAsync(wanted, cancellationToken));
        }
        finally
        {
            _training.Release();
        }
    }

    /// <summary>
    /// The Worker's training job: trains for the current version unless a model for it is stored already, or another
    /// replica holds the claim to train it. Returns whether a model was trained here.
    /// </summary>
    public async Task<bool> EnsureStoredAsync(CancellationToken cancellationToken)
    {
        var wanted = await version.CurrentAsync();
        if (await redis.GetDatabase().KeyExistsAsync(Key(wanted)))
        {
            return false;
        }

        var claim = Guid.NewGuid().ToString("N");
        if (!await redis.GetDatabase().StringSetAsync(ClaimKey(wanted), claim, TrainingClaimLifetime, When.NotExists))
        {
            return false;
        }

        await _training.WaitAsync(cancellationToken);
        try
        {
            Publish(wanted, await TrainAndStoreAsync(wanted, cancellationToken));
            return true;
        }
        finally
        {
            _training.Release();
            await ReleaseClaimAsync(wanted, claim);
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
            var claim = Guid.NewGuid().ToString("N");
            var claimed = false;
            try
            {
                claimed = await redis.GetDatabase().StringSetAsync(ClaimKey(wanted), claim, TrainingClaimLifetime, When.NotExists);
                if (claimed && Volatile.Read(ref _current)?.Version != wanted)
                {
                    Publish(wanted, await TrainAndStoreAsync(wanted, CancellationToken.None));
                }
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Background training of the answer model for knowledge version {Version} failed; the previous model stays in use", wanted);
            }
            finally
            {
                _training.Release();
                if (claimed)
                {
                    await ReleaseClaimAsync(wanted, claim);
                }
            }
        });
    }

    /// <summary>Gives the claim up (only if it is still ours), so a failed training does not block the version for minutes.</summary>
    private async Task ReleaseClaimAsync(long modelVersion, string claim)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                [ClaimKey(modelVersion)], [claim]);
        }
        catch (RedisException exception)
        {
            logger.LogWarning("Could not release the training claim for version {Version}: {Error}", modelVersion, exception.Message);
        }
    }

    private async Task<IAnswerModel?> LoadStoredAsync(long modelVersion)
    {
        var stored = await redis.GetDatabase().StringGetAsync(Key(modelVersion));
        return stored.HasValue ? AnswerMatcher.FromJson(stored.ToString(), options) : null;
    }

    /// <summary>
    /// Makes a model current. Versions only grow, but a counter lost with Redis restarts at 1: a model is current when
    /// its version is the one asked for, never judged by "newer than".
    /// </summary>
    private IAnswerModel Publish(long modelVersion, IAnswerModel model)
    {
        Volatile.Write(ref _current, new CurrentModel(modelVersion, model));
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
            "Trained the answer model for knowledge version {Version} on {Faqs} FAQs in {Elapsed:F0} ms: threshold {Threshold:F3}, {Positives} pseudo-positives ({Accuracy:P1} found their FAQ; {LearnedShare:P0} confirmed user questions; quantiles {PositiveQuantiles}), {Negatives} pseudo-negatives (quantiles {NegativeQuantiles})",
            modelVersion, faqs.Count, report.Elapsed.TotalMilliseconds, report.Threshold, report.Positives, report.PseudoTop1Accuracy, report.LearnedShare,
            string.Join('/', report.PositiveQuantiles), report.Negatives, string.Join('/', report.NegativeQuantiles));
        return model;
    }

    public void Dispose() => _training.Dispose();

    private static RedisKey Key(long modelVersion) => $"chatbot:kb:model:{AnswerMatcher.FormatVersion}:{modelVersion}";

    private static RedisKey ClaimKey(long modelVersion) => $"chatbot:kb:model-training:{modelVersion}";
}
