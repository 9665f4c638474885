using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Ai;

/// <summary>
/// Keeps a streamed answer coming when the chat provider fails. If it fails before saying anything, the local responder
/// answers from the knowledge base instead (its updates name <see cref="AiModelSettings.LocalChatModel"/>). If it fails
/// part-way, even inside its first sentence, the answer ends there with an <see cref="ErrorContent"/> update
/// (<see cref="ProviderFailedCode"/>): the words it wrote are the model's, and mixing in another source's answer
/// would read as one garbled reply, so the caller keeps what was said and marks it failed. A cancelled turn is never a failure. Only streaming falls back: other callers (conversation
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
                    if (said)
                    {
                        logger.LogWarning(exception, "Chat model {Model} failed part-way through its answer", options?.ModelId);
                    }
                    else
                    {
                        logger.LogWarning(exception, "Chat model {Model} failed before answering; the knowledge base answers instead", options?.ModelId);
                    }

                    failure = exception;
                    break;
                }

                said |= !string.IsNullOrWhiteSpace(update.Text);
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
