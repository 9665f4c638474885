using ChatBot.Core.Conversations;
using ChatBot.Core.Moderation;

namespace ChatBot.Core.Answering;

/// <summary>One user message to answer, with the conversation so far (oldest first) and the language to answer in.</summary>
public sealed record TurnInput(string Message, IReadOnlyList<HistoryMessage> History, string Language, ModerationContext Moderation);

public sealed record HistoryMessage(MessageRole Role, string Content);
