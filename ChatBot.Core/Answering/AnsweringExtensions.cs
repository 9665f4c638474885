using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Core.Answering;

public static class AnsweringExtensions
{
    /// <summary>The retrieval-augmented chat turn (needs the AI providers, knowledge base and moderation).</summary>
    public static IHostApplicationBuilder AddAnswering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PromptBuilder>();
        builder.Services.AddScoped<AnswerTurnService>();
        return builder;
    }
}
