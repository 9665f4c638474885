namespace ChatBot.AppHost;

internal static class ServiceEnvironmentExtensions
{
    /// <summary>Environment every .NET service gets from the AppHost.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceDefaultsEnvironment(this IResourceBuilder<ProjectResource> project) =>
        // Without a short OTLP timeout a service waits ~12 s for the (gone) dashboard at shutdown.
        project.WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "1000");
}
