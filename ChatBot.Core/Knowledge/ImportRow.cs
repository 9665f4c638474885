namespace ChatBot.Core.Knowledge;

/// <summary>One parsed row of an import file: its FAQ, the category it names (if any) and parse errors.</summary>
public sealed record ImportRow(int RowNumber, FaqInput Input, string? CategoryName, IReadOnlyList<string> Errors);

public sealed record ImportRowError(int Row, string Message);

public sealed record ImportSummary(int Created, int Updated, IReadOnlyList<int> FaqIds);
