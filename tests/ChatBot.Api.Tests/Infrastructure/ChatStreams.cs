using System.Net;
using System.Net.Http.Headers;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>Sending a message over SSE and reading its answer's stream, as a browser does; every read has a deadline.</summary>
public static class ChatStreams
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Sends a message asking for SSE, reads the first events and drops the connection; the answer goes on.</summary>
    public static async Task<(Guid MessageId, List<SseReader.SseEvent> Events)> ReadThenDropAsync(HttpClient client, string message, int eventsBeforeDrop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/send") { Content = ChatFixture.Message(message) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var events = new List<SseReader.SseEvent>();
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await foreach (var sse in SseReader.ReadAsync(response, timeout.Token))
            {
                events.Add(sse);
                if (events.Count >= eventsBeforeDrop)
                {
                    break;
                }
            }
        }

        return (events[0].Data.GetProperty("message_id").GetGuid(), events);
    }

    public static async Task<HttpResponseMessage> OpenResumeAsync(HttpClient client, Guid messageId, long after)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/chat/messages/{messageId}/stream?after={after}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    /// <summary>Every event after <paramref name="after"/> until the stream ends.</summary>
    public static async Task<List<SseReader.SseEvent>> ResumeAsync(HttpClient client, Guid messageId, long after)
    {
        using var response = await OpenResumeAsync(client, messageId, after);
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var events = new List<SseReader.SseEvent>();
        await foreach (var sse in SseReader.ReadAsync(response, timeout.Token))
        {
            events.Add(sse);
        }

        return events;
    }
}
