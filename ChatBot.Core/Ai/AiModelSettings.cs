using System.Data.Common;
using Microsoft.Extensions.Configuration;

namespace ChatBot.Core.Ai;

/// <summary>The resolved provider, model, endpoint and key for chat or for embeddings.</summary>
public sealed record AiModelSettings(AiProvider Provider, string Model, Uri? Endpoint, string? ApiKey)
{
    public const string LocalChatModel = "local-retrieval";
    public const string LocalEmbeddingModel = "all-MiniLM-L6-v2";
    public const string DefaultOpenAIChatModel = "gpt-4o-mini";
    public const string DefaultOpenAIEmbeddingModel = "text-embedding-3-small";

    public bool IsLocal => Provider == AiProvider.Local;

    public static AiModelSettings ResolveChat(AiOptions options, IConfiguration configuration) =>
        Resolve(options.Chat, options, configuration, embeddings: false);

    public static AiModelSettings ResolveEmbeddings(AiOptions options, IConfiguration configuration) =>
        Resolve(options.Embeddings, options, configuration, embeddings: true);

    private static AiModelSettings Resolve(AiEndpointOptions explicitSettings, AiOptions options, IConfiguration configuration, bool embeddings)
    {
        var connection = ParseConnectionString(configuration.GetConnectionString(ConnectionNames.Ai));
        var provider = explicitSettings.Provider
                       ?? (connection.TryGetValue("Provider", out var p) && Enum.TryParse<AiProvider>(p, ignoreCase: true, out var parsed) ? parsed : (AiProvider?)null)
                       // An OpenAI key alone turns chat to OpenAI; embeddings stay local (free, and what quality was measured with).
                       ?? (!embeddings && !string.IsNullOrWhiteSpace(options.OpenAI.ApiKey) ? AiProvider.OpenAI : AiProvider.Local);
        if (provider == AiProvider.Local)
        {
            return new AiModelSettings(AiProvider.Local, embeddings ? LocalEmbeddingModel : LocalChatModel, null, null);
        }

        var model = explicitSettings.Model
                    ?? Get(connection, embeddings ? "EmbeddingModel" : "Model")
                    ?? (embeddings ? DefaultOpenAIEmbeddingModel : DefaultOpenAIChatModel);
        var endpoint = explicitSettings.Endpoint
                       ?? (Get(connection, "Endpoint") is { } e ? new Uri(e) : null);
        var key = explicitSettings.ApiKey ?? Get(connection, "Key") ?? options.OpenAI.ApiKey;
        if (provider is AiProvider.AzureOpenAI or AiProvider.OpenAICompatible && endpoint is null)
        {
            throw new InvalidOperationException($"Ai provider {provider} needs an endpoint (Ai:{(embeddings ? "Embeddings" : "Chat")}:Endpoint or Endpoint= in the 'ai' connection string).");
        }

        if (provider is AiProvider.OpenAI or AiProvider.AzureOpenAI && string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException($"Ai provider {provider} needs an API key (OPENAI_API_KEY, Ai:OpenAI:ApiKey or Key= in the 'ai' connection string).");
        }

        return new AiModelSettings(provider, model, endpoint, key);
    }

    private static string? Get(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary><c>Provider=OpenAI;Endpoint=https://...;Key=...;Model=...;EmbeddingModel=...</c>, keys case-insensitive.</summary>
    public static Dictionary<string, string> ParseConnectionString(string? connectionString)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return values;
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in builder.Keys)
        {
            values[key] = builder[key]?.ToString() ?? "";
        }

        return values;
    }
}
