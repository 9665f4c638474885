namespace ChatBot.Core.Knowledge;

/// <summary>
/// Filters for listing FAQs; <see cref="CategoryIds"/> already includes subcategories; <see cref="Text"/> matches the
/// question, an alternate or the answer (case-insensitive, anywhere).
/// </summary>
public sealed record FaqListQuery(int Page, int PageSize, IReadOnlyList<int>? CategoryIds, string? Language, bool? Active, string? Text = null);

public sealed record FaqPage(IReadOnlyList<FaqView> Items, int Total);
