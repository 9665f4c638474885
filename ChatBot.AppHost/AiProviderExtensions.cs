using ChatBot.Core;
using Microsoft.Extensions.Configuration;

namespace ChatBot.AppHost;

/// <summary>
/// Hands the services an AI provider when one is configured for the AppHost: a connection string <c>ai</c>
/// (<c>Provider=OpenAI;Key=...;Model=...</c>, or an OpenAI-compatible <c>Endpoint=</c>), or an <c>OPENAI_API_KEY</c>.
/// With neither, the services run the Local provider.
/// </summary>
internal static class AiProviderExtensions
{
    public static IResourceBuilder<ProjectResource> WithAiProvider(this IResourceBuilder<ProjectResource> project, IDistributedApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionNames.Ai)))
        {
            project.WithReference(AiConnection(builder), ConnectionNames.Ai);
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OPENAI_API_KEY"]) || !string.IsNullOrWhiteSpace(builder.Configuration["Parameters:openai-api-key"]))
        {
            project.WithEnvironment("Ai__OpenAI__ApiKey", OpenAIKey(builder));
        }

        return project;
    }

    private static IResourceBuilder<IResourceWithConnectionString> AiConnection(IDistributedApplicationBuilder builder) =>
        builder.Resources.OfType<IResourceWithConnectionString>().FirstOrDefault(r => r.Name == ConnectionNames.Ai) is { } existing
            ? builder.CreateResourceBuilder(existing)
            : builder.AddConnectionString(ConnectionNames.Ai);

    private static IResourceBuilder<ParameterResource> OpenAIKey(IDistributedApplicationBuilder builder)
    {
        const string name = "openai-api-key";
        if (builder.Resources.OfType<ParameterResource>().FirstOrDefault(r => r.Name == name) is { } existing)
        {
            return builder.CreateResourceBuilder(existing);
        }

        var key = builder.Configuration["OPENAI_API_KEY"];
        return string.IsNullOrWhiteSpace(key)
            ? builder.AddParameter(name, secret: true)
            : builder.AddParameter(name, key, secret: true);
    }
}
