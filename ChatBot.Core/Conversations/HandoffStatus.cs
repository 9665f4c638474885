namespace ChatBot.Core.Conversations;

/// <summary>Whether the user asked for a human and where that request stands.</summary>
public enum HandoffStatus
{
    None,
    Requested,
    Claimed,
    Resolved,
}
