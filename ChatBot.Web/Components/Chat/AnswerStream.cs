using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatBot.Web.Api;
using ChatBot.Web.Api.Contracts;

namespace ChatBot.Web.Components.Chat;

/// <summary>
/// Sends a chat message and reads its answer as Server-Sent Events. When the stream drops mid-answer it reconnects to
/// <c>/chat/messages/{id}/stream?after=N</c> and continues with the next event, so nothing is shown twice or lost; the
/// answer keeps generating on the server meanwhile.
/// </summary>
public sealed class AnswerStream(ApiClient api, ILogger<AnswerStream> logger)
{
    public const int MaxResumeAttempts = 6;

    public async IAsyncEnumerable<AnswerUpdate> SendAsync(
        string message, Guid? conversationId, string? language, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = new { message, conversation_id = conversationId, language };
        var (response, error) = await api.SendRawAsync(
            () => EventStreamRequest(HttpMethod.Post, "/api/v1/chat/send", JsonContent.Create(body, options: ApiJson.Options)),
            HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (error is not null)
        {
            yield return new AnswerUpdate.Failed(error);
            yield break;
        }

        Guid? messageId = null;
        long lastSeq = 0;
        for (var attempt = 0; ; attempt++)
        {
            if (response is not null)
            {
                using (response)
                {
                    await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    await using var events = SseParser.Create(stream, Parse).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                    while (await NextAsync(events, cancellationToken) is { } item)
                    {
                        attempt = 0;
                        lastSeq = item.Seq;
                        messageId ??= item.MessageId;
                        yield return new AnswerUpdate.Received(item);
                        if (item.IsTerminal)
                        {
                            yield break;
                        }
                    }
                }
            }

            // The stream ended without its last event: the connection dropped (a proxy, a network switch, a replica).
            if (messageId is not { } id || attempt >= MaxResumeAttempts)
            {
                yield return new AnswerUpdate.Failed(ApiError.Unreachable);
                yield break;
            }

            yield return new AnswerUpdate.Resuming(attempt + 1, lastSeq);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(4000, 250 * (1 << attempt))), cancellationToken);
            (response, error) = await api.SendRawAsync(
                () => EventStreamRequest(HttpMethod.Get, $"/api/v1/chat/messages/{id}/stream?after={lastSeq}", null),
                HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (error is { IsUnavailable: false })
            {
                yield return new AnswerUpdate.Failed(error);
                yield break;
            }
        }
    }

    /// <summary>The next event, or null when the stream ended or broke (told apart by the caller: no terminal event).</summary>
    private async Task<StreamEvent?> NextAsync(IAsyncEnumerator<SseItem<StreamEvent?>> events, CancellationToken cancellationToken)
    {
        try
        {
            while (await events.MoveNextAsync())
            {
                if (events.Current.Data is { } item)
                {
                    return item;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("An answer stream dropped ({Error}); resuming", exception.Message);
        }

        return null;
    }

    private static StreamEvent? Parse(string eventType, ReadOnlySpan<byte> data) =>
        data.IsEmpty ? null : JsonSerializer.Deserialize<StreamEvent>(data, ApiJson.Options);

    private static HttpRequestMessage EventStreamRequest(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }
}
