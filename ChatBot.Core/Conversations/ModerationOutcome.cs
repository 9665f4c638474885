namespace ChatBot.Core.Conversations;

/// <summary>What moderation decided about a message (stored as JSON beside it).</summary>
public sealed class ModerationOutcome
{
    public bool Flagged { get; set; }

    public bool Blocked { get; set; }

    public List<string> Categories { get; set; } = [];

    /// <summary>Which moderator produced it: <c>local-rules</c> or <c>openai</c>.</summary>
    public string Provider { get; set; } = "";
}
