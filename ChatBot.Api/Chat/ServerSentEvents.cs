using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using ChatBot.Core.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.Api.Chat;

/// <summary>An answer's events as Server-Sent Events: <c>id</c> = sequence number, <c>event</c> = type, JSON data.</summary>
public static class ServerSentEvents
{
    private static readonly TimeSpan Reconnection = TimeSpan.FromSeconds(2);

    public static bool IsRequested(HttpRequest request) =>
        request.Headers.Accept.Any(value => value?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    public static ServerSentEventsResult<StreamEvent> Of(HttpContext http, IAsyncEnumerable<StreamEvent> events)
    {
        // Tell reverse proxies (nginx and friends) not to buffer the stream.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(AsItems(events, http.Response, http.RequestServices.GetRequiredService<ChatBotMetrics>()));
    }

    /// <summary>The resume point: <c>after</c> in the query, else the browser's Last-Event-ID header, else 0.</summary>
    public static long ResumePoint(HttpRequest request, long? after) =>
        after ?? (long.TryParse(request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0);

    private static async IAsyncEnumerable<SseItem<StreamEvent>> AsItems(
        IAsyncEnumerable<StreamEvent> events, HttpResponse response, ChatBotMetrics metrics, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        metrics.EventStreamOpened();
        try
        {
            // The headers go out now (the result has set them), so a client waiting for a slow first event knows the
            // stream is open instead of timing out.
            await response.Body.FlushAsync(cancellationToken);
            var first = true;
            await foreach (var streamEvent in events.WithCancellation(cancellationToken))
            {
                // The first event tells a browser's EventSource how soon to come back (with Last-Event-ID) after a drop.
                yield return new SseItem<StreamEvent>(streamEvent, streamEvent.Type)
                {
                    EventId = streamEvent.Seq.ToString(CultureInfo.InvariantCulture),
                    ReconnectionInterval = first ? Reconnection : null,
                };
                first = false;
            }
        }
        finally
        {
            metrics.EventStreamClosed();
        }
    }
}
