using System.ClientModel;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ChatBot.Bench.Chat;

/// <summary>
/// The reference for time to first token: the same OpenAI client library the Api uses, streaming straight from the
/// provider stub with no Api in between. What the Api adds on top of this is the backend's own overhead.
/// </summary>
public sealed class ProviderTurnSender(Uri endpoint) : ITurnSender
{
    private readonly IChatClient _chat = new OpenAIClient(new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Endpoint = endpoint })
        .GetChatClient("stub-chat-1").AsIChatClient();

    public string Path => "the provider stub directly (OpenAI client library, streaming)";

    public async Task<TurnOutcome> SendAsync(int turn, string question, CancellationToken cancellationToken)
    {
        try
        {
            long? firstDeltaAt = null;
            var text = 0;
            await foreach (var update in _chat.GetStreamingResponseAsync(
                [new ChatMessage(ChatRole.System, "You answer from the help center."), new ChatMessage(ChatRole.User, question)],
                cancellationToken: cancellationToken))
            {
                if (update.Text is { Length: > 0 } piece)
                {
                    firstDeltaAt ??= Stopwatch.GetTimestamp();
                    text += piece.Length;
                }
            }

            return text > 0 ? TurnOutcome.Answered(firstDeltaAt) : TurnOutcome.Failed("an empty answer");
        }
        catch (Exception exception) when (exception is ClientResultException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return TurnOutcome.Failed(exception.GetType().Name);
        }
    }

    public ValueTask DisposeAsync()
    {
        _chat.Dispose();
        return ValueTask.CompletedTask;
    }
}
