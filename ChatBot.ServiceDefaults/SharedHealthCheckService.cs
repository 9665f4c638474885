using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Probes answer from a report at most <see cref="MaxAge"/> old, and concurrent probes share the round in flight: a
/// flood of <c>/health</c> requests costs one round of checks a second, not one per request.
/// </summary>
internal sealed class SharedHealthCheckService(HealthCheckService inner, TimeProvider time) : HealthCheckService
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    /// <summary>Stands for "every check" (a null predicate) as a dictionary key.</summary>
    private static readonly Func<HealthCheckRegistration, bool> AllChecks = _ => true;

    private readonly Dictionary<Func<HealthCheckRegistration, bool>, Round> _rounds = [];
    private readonly Lock _gate = new();

    public override Task<HealthReport> CheckHealthAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken cancellationToken = default)
    {
        var key = predicate ?? AllChecks;
        Round round;
        lock (_gate)
        {
            if (!_rounds.TryGetValue(key, out round!) || !IsFresh(round))
            {
                round = Start(predicate);
                _rounds[key] = round;
            }
        }

        return round.Report.WaitAsync(cancellationToken);
    }

    /// <summary>A round still running is fresh; a finished one for <see cref="MaxAge"/> after it finished.</summary>
    private bool IsFresh(Round round) =>
        !round.Report.IsCompleted || time.GetElapsedTime(round.FinishedAt) < MaxAge;

    /// <summary>Not tied to the first caller's cancellation: the others wait for the same round.</summary>
    private Round Start(Func<HealthCheckRegistration, bool>? predicate)
    {
        var round = new Round();
        round.Report = RunAsync(round, predicate);
        return round;
    }

    private async Task<HealthReport> RunAsync(Round round, Func<HealthCheckRegistration, bool>? predicate)
    {
        try
        {
            return await inner.CheckHealthAsync(predicate, CancellationToken.None);
        }
        finally
        {
            round.FinishedAt = time.GetTimestamp();
        }
    }

    private sealed class Round
    {
        public Task<HealthReport> Report { get; set; } = null!;

        public long FinishedAt { get; set; }
    }

    /// <summary>Wraps the registered health check service; call after <c>AddHealthChecks()</c>.</summary>
    public static void Register(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(HealthCheckService));
        services.Remove(registered);
        services.AddSingleton<HealthCheckService>(provider => new SharedHealthCheckService(
            (HealthCheckService)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
