using System.Diagnostics.Metrics;
using ChatBot.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Ai;

/// <summary>
/// Whether the configured chat provider answers (the seed's "OpenAI API availability"). A remote provider is asked for
/// its model list at most once per <see cref="ProbeInterval"/> (health probes come every few seconds; the provider's
/// rate limits should not pay for them). The local provider is always available. The last answer is also the metric
/// <c>chatbot.ai.provider.up</c> (1 or 0).
/// </summary>
public sealed class AiProviderAvailability : IDisposable
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(30);

    private readonly AiModels _models;
    private readonly OpenAIClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly ILogger<AiProviderAvailability> _logger;
    private readonly SemaphoreSlim _probing = new(1, 1);
    private ProviderState _state = new(true, "not checked yet", DateTimeOffset.MinValue);

    public AiProviderAvailability(AiModels models, OpenAIClientFactory clients, IMeterFactory meters, TimeProvider time, ILogger<AiProviderAvailability> logger)
    {
        _models = models;
        _clients = clients;
        _time = time;
        _logger = logger;
        meters.Create(ChatBotMetrics.MeterName).CreateObservableGauge("chatbot.ai.provider.up",
            () => new Measurement<int>(Volatile.Read(ref _state).Available ? 1 : 0,
                new KeyValuePair<string, object?>("chatbot.provider", ProviderName)),
            "{provider}", "1 when the chat provider answered its last check, 0 when it did not.");
    }

    public string ProviderName => _models.Chat.Provider.ToString().ToLowerInvariant();

    public async Task<(bool Available, string Description)> CheckAsync(CancellationToken cancellationToken)
    {
        if (_models.Chat.IsLocal)
        {
            return (true, "local models, nothing remote to reach");
        }

        var state = Volatile.Read(ref _state);
        if (_time.GetUtcNow() - state.CheckedAt < ProbeInterval || !await _probing.WaitAsync(0, cancellationToken))
        {
            return (state.Available, state.Description);
        }

        try
        {
            state = await ProbeAsync(cancellationToken);
            Volatile.Write(ref _state, state);
            return (state.Available, state.Description);
        }
        finally
        {
            _probing.Release();
        }
    }

    private async Task<ProviderState> ProbeAsync(CancellationToken cancellationToken)
    {
        var settings = _models.Chat;
        try
        {
            var client = _clients.Create(settings, OpenAIClientFactory.ProbeHttpClientName).GetOpenAIModelClient();
            await client.GetModelsAsync(cancellationToken);
            return new ProviderState(true, $"{settings.Provider} answered", _time.GetUtcNow());
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Chat provider {Provider} did not answer its availability check: {Error}", settings.Provider, exception.Message);
            return new ProviderState(false, $"{settings.Provider} did not answer: {exception.GetType().Name}", _time.GetUtcNow());
        }
    }

    public void Dispose() => _probing.Dispose();

    private sealed record ProviderState(bool Available, string Description, DateTimeOffset CheckedAt);
}
