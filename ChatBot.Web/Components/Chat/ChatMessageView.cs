using ChatBot.Web.Api.Contracts;

namespace ChatBot.Web.Components.Chat;

/// <summary>A message as the chat page shows it, including one still streaming.</summary>
public sealed class ChatMessageView
{
    public Guid? Id { get; set; }

    public required string Role { get; init; }

    public string Text { get; set; } = "";

    /// <summary><c>streaming</c>, <c>complete</c>, <c>stopped</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "complete";

    public bool Resuming { get; set; }

    public bool Fallback { get; set; }

    public IReadOnlyList<SourceItem> Sources { get; set; } = [];

    public string? Rating { get; set; }

    public bool IsAssistant => Role == "assistant";

    public bool IsStreaming => Status == "streaming";

    public static ChatMessageView From(MessageItem message) => new()
    {
        Id = message.Id,
        Role = message.Role,
        Text = message.Content,
        Status = message.Status,
        Fallback = message.Fallback,
        Sources = message.Sources,
        Rating = message.Feedback?.Rating,
    };
}
