using ChatBot.Core.Ai;
using ChatBot.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Moderation;

public static class ModerationExtensions
{
    /// <summary>Local rules always; OpenAI's moderation endpoint too when chat runs on OpenAI.</summary>
    public static IHostApplicationBuilder AddContentModeration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddChatBotMetrics();
        builder.Services.AddOptions<ModerationOptions>().BindConfiguration(ModerationOptions.Section);
        builder.Services.AddSingleton<LocalRulesModerator>();
        builder.Services.AddSingleton<IContentModerator>(services => services.GetRequiredService<LocalRulesModerator>());
        builder.Services.AddSingleton<IContentModerator>(services =>
        {
            var chat = services.GetRequiredService<AiModels>().Chat;
            var options = services.GetRequiredService<IOptions<ModerationOptions>>().Value;
            return chat.Provider == AiProvider.OpenAI && options.UseOpenAI
                ? OpenAIModerator.Create(services.GetRequiredService<OpenAIClientFactory>(), chat, options.OpenAIModel)
                : new NoRemoteModerator();
        });
        builder.Services.AddScoped<ModerationService>();
        return builder;
    }

    /// <summary>Stands in when no remote moderator is configured, so the list of moderators stays static.</summary>
    private sealed class NoRemoteModerator : IContentModerator
    {
        public Task<ModerationVerdict> CheckAsync(string text, CancellationToken cancellationToken) =>
            Task.FromResult(ModerationVerdict.Clean(LocalRulesModerator.ProviderName));
    }
}
