using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Answers for a check that has not answered within its time: a probe must never hang on a hung dependency. The real
/// check runs in a scope of its own, released only when the check finally ends: disposing a database context whose
/// connection waits on a paused server would block the probe just the same.
/// </summary>
internal sealed class TimeLimitedHealthCheck(IServiceScopeFactory scopes, Func<IServiceProvider, IHealthCheck> create, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scope = scopes.CreateAsyncScope();
        var check = Task.Run(() => create(scope.ServiceProvider).CheckHealthAsync(context, cancellationToken), cancellationToken);
        try
        {
            return await check.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"No answer within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            _ = check.ContinueWith(_ => scope.DisposeAsync().AsTask(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }
}
