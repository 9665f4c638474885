namespace ChatBot.Core.Learning;

/// <summary>How a question came to be suggested for an FAQ.</summary>
public enum SuggestionSource
{
    /// <summary>The user gave a thumbs-up to an answer that cited the FAQ.</summary>
    Feedback,

    /// <summary>A moderator picked the FAQ that answers it (an unanswered question, a handoff).</summary>
    Moderator,
}
