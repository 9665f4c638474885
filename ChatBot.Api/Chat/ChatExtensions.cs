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
        // These subscribe to Redis in their constructors, a blocking call. Made on first use, it ran inside the first
        // requests: when a burst of sockets connected to a fresh replica, every one of them waited on it, the thread pool
        // starved, and connections got 503s (3 of 5 runs of bench/chat-load.sh --sockets 1000). Now at start.
        app.Services.GetRequiredService<StreamSignals>();
        app.Services.GetRequiredService<OpenSockets>();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(settings.KeepAliveSeconds) });
        return app;
    }
}
