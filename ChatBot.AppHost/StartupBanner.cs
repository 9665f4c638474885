using ChatBot.AppHost.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBot.AppHost;

internal static class StartupBanner
{
    /// <summary>Prints where things are once the resources exist, so a newcomer knows what to open.</summary>
    public static void AddStartupBanner(this IDistributedApplicationBuilder builder, InfrastructureMode mode)
    {
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ChatBot");
            var urls = @event.Model.Resources.OfType<ProjectResource>()
                .Where(project => project.Name is "api" or "web")
                .SelectMany(project => project.Annotations.OfType<EndpointAnnotation>()
                    .Where(endpoint => endpoint.Name == "http")
                    .Select(endpoint => $"{project.Name}: {endpoint.AllocatedEndpoint?.UriString}"));
            logger.LogInformation(
                "ChatBot is starting. Data stores: {Mode}. {Urls}. Open the web app and create an account to chat; API docs at /docs and /redoc. " +
                "Admin pages (/admin): sign in as admin@chatbot.local, password from: dotnet user-secrets list --project ChatBot.AppHost (Parameters:admin-password).",
                mode, string.Join(", ", urls));
            return Task.CompletedTask;
        });
    }
}
