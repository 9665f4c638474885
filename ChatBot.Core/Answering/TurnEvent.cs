using ChatBot.Core.Conversations;
using ChatBot.Core.Moderation;

namespace ChatBot.Core.Answering;

/// <summary>What a turn produces while it streams: text pieces, then one completion.</summary>
public abstract record TurnEvent;

public sealed record TurnDelta(string Text) : TurnEvent;

/// <param name="Text">The whole answer as streamed (partial when the provider failed mid-way).</param>
/// <param name="Model">Who wrote it: the configured model, or <c>local-retrieval</c>.</param>
/// <param name="ProviderFailed">The model failed after starting to answer; the text is partial.</param>
/// <param name="Degraded">The model could not be reached at all; the knowledge base answered instead.</param>
public sealed record TurnCompleted(
    string Text,
    IReadOnlyList<CitedSource> Sources,
    bool Fallback,
    string Model,
    int PromptTokens,
    int CompletionTokens,
    int LatencyMs,
    ModerationVerdict InputModeration,
    ModerationVerdict OutputModeration,
    bool ProviderFailed,
    bool Degraded) : TurnEvent;
