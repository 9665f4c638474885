using ChatBot.Core.Knowledge.Matching;
using ChatBot.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Core.Knowledge;

public static class KnowledgeExtensions
{
    /// <summary>The knowledge base: FAQ reads and writes, embeddings, hybrid search and the trained answer model.</summary>
    public static IHostApplicationBuilder AddKnowledgeBase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddChatBotMetrics();
        builder.Services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<FaqImportOptions>().BindConfiguration(FaqImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<KnowledgeVersion>();
        builder.Services.AddSingleton<AnswerModelProvider>();
        builder.Services.AddScoped<FaqEmbedder>();
        builder.Services.AddScoped<FaqWriter>();
        builder.Services.AddScoped<FaqImporter>();
        builder.Services.AddScoped<FaqReader>();
        builder.Services.AddScoped<FaqCategoryService>();
        builder.Services.AddScoped<FaqCandidateSearch>();
        builder.Services.AddScoped<FaqTextIndex>();
        builder.Services.AddScoped<KnowledgeSnapshot>();
        builder.Services.AddSingleton(new MatchingOptions());
        builder.Services.AddScoped<KnowledgeRetriever>();
        builder.Services.AddScoped<FaqReembedder>();
        return builder;
    }
}
