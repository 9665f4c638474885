namespace ChatBot.AppHost;

internal static class ServiceEnvironmentExtensions
{
    /// <summary>Environment every .NET service gets from the AppHost.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceDefaultsEnvironment(this IResourceBuilder<ProjectResource> project, bool publishing)
    {
        // Without a short OTLP timeout a service waits ~12 s for the (gone) dashboard at shutdown.
        project.WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "1000");
        if (publishing)
        {
            // A deployment is Production whatever profile the developer ran azd from.
            project.WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
                .WithEnvironment("DOTNET_ENVIRONMENT", "Production");
        }

        return project;
    }
}
