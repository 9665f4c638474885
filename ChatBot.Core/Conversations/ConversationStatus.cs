namespace ChatBot.Core.Conversations;

public enum ConversationStatus
{
    Active,
    Archived,
}
