namespace ChatBot.Core.Learning;

public enum SuggestionStatus
{
    Pending,

    /// <summary>Its text is a learned alternate of the FAQ (or was already one of its texts).</summary>
    Approved,

    Rejected,
}
