using System.Diagnostics;

namespace ChatBot.Core.Telemetry;

/// <summary>Spans of background work (Worker jobs), each linked to the request that asked for it when there was one.</summary>
public static class JobTelemetry
{
    public static readonly ActivitySource Source = new("ChatBot.Jobs");

    /// <summary>
    /// Starts the span of one piece of queued work. The work was asked for by a request that is long over: a link (not a
    /// parent) to that request's trace keeps both readable and lets the dashboard jump from one to the other.
    /// </summary>
    public static Activity? StartWork(string name, string? requestedBy)
    {
        var links = requestedBy is not null && ActivityContext.TryParse(requestedBy, null, out var requester)
            ? new[] { new ActivityLink(requester) }
            : null;
        return Source.StartActivity(name, ActivityKind.Consumer, Activity.Current?.Context ?? default, links: links);
    }
}
