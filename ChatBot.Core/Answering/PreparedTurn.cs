using ChatBot.Core.Conversations;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Moderation;
using Microsoft.Extensions.AI;

namespace ChatBot.Core.Answering;

/// <summary>
/// A turn that passed input moderation: what retrieval found, the prompt for the model, and the citations it may use.
/// Nothing has been generated yet, so the caller can persist the user's message first.
/// </summary>
public sealed record PreparedTurn(
    TurnInput Input,
    RetrievalResult Retrieval,
    IReadOnlyList<ChatMessage> Prompt,
    ChatOptions Options,
    IReadOnlyList<CitedSource> Candidates,
    bool IsSmallTalk,
    ModerationVerdict InputModeration,
    long StartedAt)
{
    /// <summary>The knowledge base had no confident answer and this was not small talk.</summary>
    public bool IsFallback => !Retrieval.Confident && !IsSmallTalk;
}

/// <summary>Either a prepared turn or the input moderation verdict that refused it (nothing is stored or generated then).</summary>
public sealed record TurnPreparation(PreparedTurn? Prepared, ModerationVerdict? Refusal);
