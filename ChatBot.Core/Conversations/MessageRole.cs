namespace ChatBot.Core.Conversations;

public enum MessageRole
{
    User,
    Assistant,
    System,
}
