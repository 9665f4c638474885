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
                .WithEnvironment("DOTNET_ENVIRONMENT", "Production")
                // ASP.NET Core's switch trusts X-Forwarded-For from anyone; the services trust the ingress and each
                // other instead (Container Apps' internal networks are private ranges; see docs/deploy.md).
                .WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "false")
                .WithEnvironment("ForwardedHeaders__KnownNetworks__0", "10.0.0.0/8")
                .WithEnvironment("ForwardedHeaders__KnownNetworks__1", "172.16.0.0/12")
                .WithEnvironment("ForwardedHeaders__KnownNetworks__2", "192.168.0.0/16")
                .WithEnvironment("ForwardedHeaders__KnownNetworks__3", "100.64.0.0/10");
        }

        return project;
    }
}
