using System.Globalization;
using System.Text.Json;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Telemetry;

namespace ChatBot.Api.Chat;

/// <summary>Writes stream events as Server-Sent Events: <c>id</c> = sequence number, <c>event</c> = type, JSON data.</summary>
public static class ServerSentEvents
{
    private static JsonSerializerOptions Json => ApiConventionsExtensions.Json;

    public static bool IsRequested(HttpRequest request) =>
        request.Headers.Accept.Any(value => value?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    public static async Task WriteAsync(HttpResponse response, IAsyncEnumerable<StreamEvent> events, CancellationToken cancellationToken)
    {
        var metrics = response.HttpContext.RequestServices.GetRequiredService<ChatBotMetrics>();
        metrics.EventStreamOpened();
        try
        {
            await WriteEventsAsync(response, events, cancellationToken);
        }
        finally
        {
            metrics.EventStreamClosed();
        }
    }

    private static async Task WriteEventsAsync(HttpResponse response, IAsyncEnumerable<StreamEvent> events, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Tell reverse proxies (nginx and friends) not to buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync("retry: 2000\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        await foreach (var streamEvent in events.WithCancellation(cancellationToken))
        {
            var data = JsonSerializer.Serialize(streamEvent, Json);
            await response.WriteAsync($"id: {streamEvent.Seq.ToString(CultureInfo.InvariantCulture)}\nevent: {streamEvent.Type}\ndata: {data}\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
    }

    /// <summary>The resume point: <c>after</c> in the query, else the browser's Last-Event-ID header, else 0.</summary>
    public static long ResumePoint(HttpRequest request, long? after) =>
        after ?? (long.TryParse(request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0);

}
