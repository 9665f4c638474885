namespace ChatBot.Core.Learning;

/// <param name="Confirmations">Distinct users (or moderators) who confirmed the same phrasing for the same FAQ.</param>
public sealed record SuggestionView(
    long Id,
    int FaqId,
    string FaqQuestion,
    string Text,
    SuggestionSource Source,
    SuggestionStatus Status,
    int Confirmations,
    Guid MessageId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReviewedAt);
