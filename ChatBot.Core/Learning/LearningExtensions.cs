using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Core.Learning;

public static class LearningExtensions
{
    /// <summary>Learning from use: confirmed user questions suggested as FAQ phrasings, approved before they count.</summary>
    public static IHostApplicationBuilder AddLearning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LearningOptions>().BindConfiguration(LearningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<FaqSuggestions>();
        return builder;
    }
}
