namespace ChatBot.Core.Knowledge;

/// <summary>Filters for listing FAQs; <see cref="CategoryIds"/> already includes subcategories.</summary>
public sealed record FaqListQuery(int Page, int PageSize, IReadOnlyList<int>? CategoryIds, string? Language, bool? Active);

public sealed record FaqPage(IReadOnlyList<FaqView> Items, int Total);
