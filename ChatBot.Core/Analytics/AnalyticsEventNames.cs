namespace ChatBot.Core.Analytics;

/// <summary>The usage events written to <c>analytics_events</c> (<see cref="AnalyticsEvent.Name"/>).</summary>
public static class AnalyticsEventNames
{
    public const string ChatTurn = "chat.turn";
    public const string Feedback = "chat.feedback";
    public const string Handoff = "chat.handoff";
}
