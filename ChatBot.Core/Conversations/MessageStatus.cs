namespace ChatBot.Core.Conversations;

/// <summary>Where an assistant answer stands; user messages are always complete.</summary>
public enum MessageStatus
{
    Complete,
    Streaming,
    /// <summary>The user stopped generation; the partial text is kept.</summary>
    Stopped,
    /// <summary>The provider failed mid-answer; the partial text is kept.</summary>
    Failed,
}
