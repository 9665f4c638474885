namespace ChatBot.Api.Chat;

/// <summary>An answer's live stream is gone from Redis (it restarted empty) while the answer was still being written.</summary>
public sealed class StreamLostException(Guid messageId)
    : Exception($"The live stream of answer {messageId} is gone from Redis; the stored answer replaces it.")
{
    public Guid MessageId { get; } = messageId;
}
