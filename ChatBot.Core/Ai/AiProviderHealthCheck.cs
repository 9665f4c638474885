using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatBot.Core.Ai;

/// <summary>
/// Reports the chat provider's availability. Registered with <see cref="HealthStatus.Degraded"/> as its failure
/// status: when the provider is down the knowledge base still answers, so the service stays ready.
/// </summary>
public sealed class AiProviderHealthCheck(AiProviderAvailability availability) : IHealthCheck
{
    public const string Name = "ai-provider";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (available, description) = await availability.CheckAsync(cancellationToken);
        return available
            ? HealthCheckResult.Healthy(description)
            : new HealthCheckResult(context.Registration.FailureStatus, description);
    }
}
