using ChatBot.Core.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Ai;

/// <summary>
/// Loads the local embedding model and the knowledge base's answer model right after start, so the first user does not
/// wait a couple of seconds for either. Failure only costs that first user the wait.
/// </summary>
public sealed class AiWarmUpService(IServiceProvider services, ILogger<AiWarmUpService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (services.GetRequiredService<AiModels>().Embeddings.IsLocal)
            {
                await Task.Run(services.GetRequiredService<LocalEmbeddingGenerator>().WarmUp, stoppingToken);
            }

            await services.GetRequiredService<AnswerModelProvider>().GetAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Warm-up failed; the first request will load the models instead");
        }
    }
}
