using ChatBot.Core.Configuration;
using ChatBot.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Ai;

public static class AiExtensions
{
    /// <summary>ActivitySource and Meter of the model calls (GenAI semantic conventions).</summary>
    public const string AiTelemetrySource = "ChatBot.Ai";

    /// <summary>
    /// The one place models are chosen: an <see cref="IChatClient"/> and an <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>
    /// for the configured providers (Local by default), wrapped in Microsoft.Extensions.AI middleware: OpenTelemetry,
    /// logging, and a Redis cache for embeddings keyed by model and text.
    /// </summary>
    public static IHostApplicationBuilder AddAiProviders(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddSeedEnvironmentAliases();
        builder.Services.AddOptions<AiOptions>().BindConfiguration(AiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LocalResponderOptions>().BindConfiguration(LocalResponderOptions.Section);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AiOptions>>().Value;
            var configuration = sp.GetRequiredService<IConfiguration>();
            return new AiModels(AiModelSettings.ResolveChat(options, configuration), AiModelSettings.ResolveEmbeddings(options, configuration));
        });
        builder.Services.AddChatBotMetrics();
        builder.Services.AddSingleton<TokenCounter>();
        builder.Services.AddSingleton<LocalEmbeddingGenerator>();
        builder.Services.AddSingleton<OpenAIClientFactory>();
        builder.Services.AddSingleton(services => new LocalRetrievalChatClient(
            services.GetRequiredService<TokenCounter>(),
            TimeSpan.FromMilliseconds(services.GetRequiredService<IOptions<LocalResponderOptions>>().Value.ChunkDelayMilliseconds)));

        var timeout = TimeSpan.FromSeconds(builder.Configuration.GetValue($"{AiOptions.Section}:{nameof(AiOptions.RequestTimeoutSeconds)}", new AiOptions().RequestTimeoutSeconds));
        // The service defaults give every HttpClient a standard handler; model calls need their own timeouts instead.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental but is the documented way to replace the default.
        builder.Services.AddHttpClient(OpenAIClientFactory.HttpClientName)
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = timeout;
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(300);
                resilience.TotalRequestTimeout.Timeout = timeout * 3 + TimeSpan.FromSeconds(5);
                resilience.CircuitBreaker.SamplingDuration = timeout * 2 + TimeSpan.FromSeconds(1);
            });

#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(OpenAIClientFactory.ProbeHttpClientName)
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .ConfigureHttpClient(http => http.Timeout = TimeSpan.FromSeconds(4));
        builder.Services.AddSingleton<AiProviderAvailability>();
        builder.Services.AddHealthChecks().AddCheck<AiProviderHealthCheck>(AiProviderHealthCheck.Name, HealthStatus.Degraded);

        // GenAI spans and token metrics; prompts and answers only when explicitly switched on (they are user content).
        var includeContent = builder.Configuration.GetValue($"{AiOptions.Section}:{nameof(AiOptions.IncludeContentInTelemetry)}", false);
        builder.Services.AddChatClient(CreateChatClient)
            .Use((provider, services) => services.GetRequiredService<AiModels>().Chat.IsLocal
                ? provider
                : new FallbackChatClient(provider, services.GetRequiredService<LocalRetrievalChatClient>(),
                    services.GetRequiredService<ILoggerFactory>().CreateLogger<FallbackChatClient>()))
            .UseLogging()
            .UseOpenTelemetry(sourceName: AiTelemetrySource, configure: telemetry => telemetry.EnableSensitiveData = includeContent);

        builder.Services.AddEmbeddingGenerator(CreateEmbeddingGenerator)
            .UseDistributedCache(configure: cache =>
                cache.CacheKeyAdditionalValues = [cache.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? ""])
            .UseOpenTelemetry(sourceName: AiTelemetrySource, configure: telemetry => telemetry.EnableSensitiveData = includeContent);
        return builder;
    }

    private static IChatClient CreateChatClient(IServiceProvider services)
    {
        var settings = services.GetRequiredService<AiModels>().Chat;
        return settings.IsLocal
            ? services.GetRequiredService<LocalRetrievalChatClient>()
            : services.GetRequiredService<OpenAIClientFactory>().CreateChatClient(settings);
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(IServiceProvider services)
    {
        var settings = services.GetRequiredService<AiModels>().Embeddings;
        return settings.IsLocal
            ? services.GetRequiredService<LocalEmbeddingGenerator>()
            : services.GetRequiredService<OpenAIClientFactory>().CreateEmbeddingGenerator(settings, LocalEmbeddingGenerator.Dimensions);
    }
}
