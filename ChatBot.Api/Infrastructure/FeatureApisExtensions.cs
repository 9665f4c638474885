using ChatBot.Api.Admin;
using ChatBot.Api.Analytics;
using ChatBot.Api.Auth;
using ChatBot.Api.Chat;
using ChatBot.Api.Conversations;
using ChatBot.Api.Knowledge;
using ChatBot.Api.Moderation;
using ChatBot.Api.Privacy;
using ChatBot.Api.Users;

namespace ChatBot.Api.Infrastructure;

public static class FeatureApisExtensions
{
    /// <summary>Every feature's routes, each under <c>/api/v1/...</c>.</summary>
    public static WebApplication MapFeatureApis(this WebApplication app)
    {
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapAdminUsersApi();
        app.MapFaqCategoriesApi();
        app.MapFaqsApi();
        app.MapFaqSuggestionsApi();
        app.MapModerationApi();
        app.MapChatApi();
        app.MapChatWebSocket();
        app.MapConversationsApi();
        app.MapHandoffsApi();
        app.MapPrivacyApi();
        app.MapAnalyticsApi();
        return app;
    }
}
