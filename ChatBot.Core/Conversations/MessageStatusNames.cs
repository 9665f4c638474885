namespace ChatBot.Core.Conversations;

public static class MessageStatusNames
{
    /// <summary>How a status is written on the wire and in telemetry: <c>complete</c>, <c>streaming</c>, <c>stopped</c>, <c>failed</c>.</summary>
    public static string ToWireName(this MessageStatus status) => status switch
    {
        MessageStatus.Complete => "complete",
        MessageStatus.Streaming => "streaming",
        MessageStatus.Stopped => "stopped",
        MessageStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
