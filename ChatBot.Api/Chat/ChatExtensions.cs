using ChatBot.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Chat;

public static class ChatExtensions
{
    /// <summary>Chat turns (REST, SSE, WebSocket), their Redis streams and stop signals.</summary>
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChatSettings>().BindConfiguration(ChatSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StreamSignals>();
        builder.Services.AddSingleton<StopSignals>();
        builder.Services.AddSingleton<OpenSockets>();
        builder.Services.AddSingleton<ChatStreamStore>();
        builder.Services.AddSingleton<LeasedSlots>();
        builder.Services.AddSingleton<AnswersInFlight>();
        builder.Services.AddSingleton<GenerationRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GenerationRunner>());
        builder.Services.AddSingleton<ChatWebSocketSession>();
        builder.Services.AddSingleton<ChatSocketSignIn>();
        builder.Services.AddSingleton<ChatSocketFrames>();
        builder.Services.AddSingleton<StalledAnswerReaper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StalledAnswerReaper>());
        builder.Services.AddScoped<ChatTurns>();
        builder.Services.AddScoped<TurnRecorder>();
        builder.Services.AddScoped<ConversationTitles>();
        return builder;
    }

    public static WebApplication UseChatWebSockets(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<ChatSettings>>().Value;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(settings.KeepAliveSeconds) });
        return app;
    }
}
