using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ChatBot.Core.Ai;

/// <summary>
/// The "model" used when no language model is configured. It does not generate text: it answers with the best matching
/// FAQ's own answer and its citation when retrieval was confident, and with a fallback that offers a human when not.
/// It streams word by word and reports token usage like a real model, under the honest model name
/// <c>local-retrieval</c>.
/// </summary>
public sealed class LocalRetrievalChatClient(TokenCounter tokens, TimeSpan chunkDelay = default) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new("local", defaultModelId: AiModelSettings.LocalChatModel);

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        var grounding = options?.AdditionalProperties?.TryGetValue(KnowledgeGrounding.PropertyName, out var value) == true
            ? value as KnowledgeGrounding
            : null;
        var text = Compose(grounding);
        var responseId = Guid.CreateVersion7().ToString("N");

        foreach (var chunk in Chunks(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (chunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(chunkDelay, cancellationToken);
            }
            else
            {
                await Task.Yield();
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk)
            {
                ModelId = AiModelSettings.LocalChatModel,
                ResponseId = responseId,
            };
        }

        var input = prompt.Sum(m => tokens.Count(m.Text, AiModelSettings.LocalChatModel));
        var output = tokens.Count(text, AiModelSettings.LocalChatModel);
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = AiModelSettings.LocalChatModel,
            ResponseId = responseId,
            FinishReason = ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output })],
        };
    }

    private static string Compose(KnowledgeGrounding? grounding) => grounding switch
    {
        { Best: { } faq } => $"{faq.Answer.Trim()} [faq:{faq.Id}]",
        { SmallTalk: true } => Answering.SmallTalk.Reply(grounding.Language),
        _ => FallbackMessages.For(grounding?.Language),
    };

    /// <summary>Word-sized pieces, each keeping its leading space, so concatenation restores the text exactly.</summary>
    private static IEnumerable<string> Chunks(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == ' ')
            {
                yield return text[start..i];
                start = i;
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
