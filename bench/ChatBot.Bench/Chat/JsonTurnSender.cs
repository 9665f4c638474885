using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChatBot.Bench.Chat;

/// <summary><c>POST /api/v1/chat/send</c> with a JSON answer: the whole answer comes at once, so no first-piece time.</summary>
public sealed class JsonTurnSender(HttpClient client, IReadOnlyList<string> tokens) : ITurnSender
{
    public string Path => "`POST /api/v1/chat/send`, JSON answer";

    public async Task<TurnOutcome> SendAsync(int turn, string question, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/send") { Content = JsonContent.Create(new { message = question }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[turn % tokens.Count]);
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return TurnOutcome.Failed($"HTTP {(int)response.StatusCode}");
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return answer.TryGetProperty("response", out var text) && text.GetString() is { Length: > 0 }
                ? TurnOutcome.Answered(null)
                : TurnOutcome.Failed("an empty answer");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return TurnOutcome.Failed(exception.GetType().Name);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
