namespace ChatBot.AppHost;

internal static class DashboardMemoryExtensions
{
    /// <summary>Aspire's name for the dashboard resource it adds while starting.</summary>
    private const string DashboardResource = "aspire-dashboard";

    /// <summary>
    /// Runs the development dashboard on the workstation GC. Its own default, the server GC, keeps a heap per core and
    /// larger allocation budgets: about 15 MB more of the idle local stack (docs/benchmarks.md), for a throughput one
    /// developer's telemetry never needs. The dashboard exists only from the start on, so the setting is added as it
    /// starts, before Aspire reads its environment.
    /// </summary>
    public static IDistributedApplicationBuilder RunDashboardOnWorkstationGc(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder;
        }

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>((starting, _) =>
        {
            if (string.Equals(starting.Resource.Name, DashboardResource, StringComparison.OrdinalIgnoreCase))
            {
                starting.Resource.Annotations.Add(new EnvironmentCallbackAnnotation("DOTNET_gcServer", () => "0"));
            }

            return Task.CompletedTask;
        });
        return builder;
    }
}
