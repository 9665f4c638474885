using System.Diagnostics;

namespace ChatBot.Api.Chat;

/// <summary>The chat feature's spans: generation and storage of an answer, and each WebSocket frame.</summary>
public static class ChatTelemetry
{
    public static readonly ActivitySource Source = new("ChatBot.Chat");

    /// <summary>
    /// A socket lives for minutes and carries many turns: each frame gets a trace of its own, linked to the socket's
    /// request, so one turn reads as one trace instead of hiding inside a long connection span.
    /// </summary>
    public static Activity? StartFrame(string? frameType, ActivityContext socket)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            return Source.StartActivity($"chat.ws {frameType ?? "unknown"}", ActivityKind.Server, parentContext: default,
                links: socket == default ? null : [new ActivityLink(socket)]);
        }
        finally
        {
            Activity.Current ??= previous;
        }
    }
}
