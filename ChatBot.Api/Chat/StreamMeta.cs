namespace ChatBot.Api.Chat;

/// <summary>Who an answer's stream belongs to, and whether it is still being written.</summary>
public sealed record StreamMeta(Guid MessageId, Guid UserId, Guid ConversationId, string Status)
{
    public const string Streaming = "streaming";

    public bool IsStreaming => Status == Streaming;
}
