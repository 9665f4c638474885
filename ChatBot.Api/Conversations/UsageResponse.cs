namespace ChatBot.Api.Conversations;

/// <summary>Tokens an answer's prompt and text took.</summary>
public sealed record UsageResponse(int PromptTokens, int CompletionTokens);
