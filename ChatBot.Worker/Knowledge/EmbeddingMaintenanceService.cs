using ChatBot.Core.Knowledge;

namespace ChatBot.Worker.Knowledge;

/// <summary>
/// At start and then periodically, re-embeds FAQs whose stored vectors came from another embedding model than the one
/// configured now (a provider or model switch), so search never mixes vector spaces for long.
/// </summary>
internal sealed class EmbeddingMaintenanceService(IServiceScopeFactory scopes, ILogger<EmbeddingMaintenanceService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var count = await scope.ServiceProvider.GetRequiredService<FaqReembedder>().RunAsync(stoppingToken);
                if (count > 0)
                {
                    logger.LogInformation("Embedding maintenance re-embedded {Count} FAQs", count);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Keep the worker alive; the next tick retries.
                logger.LogError(exception, "Embedding maintenance failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
