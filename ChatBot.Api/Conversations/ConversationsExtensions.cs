namespace ChatBot.Api.Conversations;

public static class ConversationsExtensions
{
    /// <summary>Conversation history, search and hand-off to a person.</summary>
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConversationService>();
        return builder;
    }
}
