namespace ChatBot.Core.Telemetry;

/// <summary>The outcome tag of <c>chatbot.chat.turns</c>.</summary>
public static class ChatOutcomes
{
    public const string Answered = "answered";
    public const string Fallback = "fallback";
    public const string Blocked = "blocked";
    public const string Stopped = "stopped";
    public const string Failed = "failed";
}
