using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Ai;

/// <summary>
/// Keeps a streamed answer coming when the chat provider fails. If it fails before saying anything, the local responder
/// answers from the knowledge base instead (its updates name <see cref="AiModelSettings.LocalChatModel"/>). If it fails
/// part-way, the answer ends there with an <see cref="ErrorContent"/> update, so the caller keeps what was said and
/// can mark it failed. A cancelled turn is never a failure. Only streaming falls back: other callers (conversation
/// titles) have their own plan B.
/// </summary>
public sealed class FallbackChatClient(IChatClient provider, IChatClient fallback, ILogger logger) : DelegatingChatClient(provider)
{
    public const string ProviderFailedCode = "provider_failed";

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var said = false;
        Exception? failure = null;
        await using (var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken))
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        yield break;
                    }

                    update = updates.Current;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Chat model {Model} failed {When}", options?.ModelId,
                        said ? "part-way through its answer" : "before answering; the knowledge base answers instead");
                    failure = exception;
                    break;
                }

                said |= !string.IsNullOrEmpty(update.Text);
                yield return update;
            }
        }

        if (said)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new ErrorContent(failure?.Message) { ErrorCode = ProviderFailedCode }]);
            yield break;
        }

        await foreach (var update in fallback.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            yield return update;
        }
    }
}
