using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ChatBot.Core.Ai;

/// <summary>
/// Builds OpenAI SDK clients for OpenAI, Azure OpenAI (v1 endpoint) and OpenAI-compatible servers. HTTP goes through
/// an IHttpClientFactory client with Polly resilience (retries with Retry-After, timeouts, circuit breaker), so the
/// SDK's own retries are switched off.
/// </summary>
public sealed class OpenAIClientFactory(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "ai-provider";

    /// <summary>For availability checks: one short attempt, no retries (a health probe must answer quickly).</summary>
    public const string ProbeHttpClientName = "ai-provider-probe";

    public IChatClient CreateChatClient(AiModelSettings settings) =>
        Create(settings).GetChatClient(settings.Model).AsIChatClient();

    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(AiModelSettings settings, int dimensions) =>
        Create(settings).GetEmbeddingClient(settings.Model).AsIEmbeddingGenerator(dimensions);

    public OpenAIClient Create(AiModelSettings settings, string httpClientName = HttpClientName)
    {
        var options = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(httpClientName)),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // The resilience handler enforces the real per-attempt timeout.
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (settings.Endpoint is not null)
        {
            options.Endpoint = settings.Endpoint;
        }

        if (settings.Provider == AiProvider.AzureOpenAI)
        {
            options.AddPolicy(new AzureApiKeyPolicy(settings.ApiKey!), PipelinePosition.BeforeTransport);
        }

        // Local OpenAI-compatible servers (Ollama, vLLM) often take no key, but the SDK wants one.
        return new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(settings.ApiKey) ? "not-needed" : settings.ApiKey), options);
    }
}
