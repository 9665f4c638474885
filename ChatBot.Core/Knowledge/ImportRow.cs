namespace ChatBot.Core.Knowledge;

/// <summary>One parsed row of an import file: its FAQ, the category it names (if any) and parse errors.</summary>
public sealed record ImportRow(int RowNumber, FaqInput Input, string? CategoryName, IReadOnlyList<string> Errors);

public sealed record ImportRowError(int Row, string Message);

public sealed record ImportSummary(int Created, int Updated, IReadOnlyList<int> FaqIds);

/// <summary>A validated row, ready to write.</summary>
public sealed record PlannedRow(int RowNumber, FaqInput Input, string? CategoryName);

/// <summary>The rows of a file, and every problem found in them (empty when the file can be imported).</summary>
public sealed record ImportPlan(IReadOnlyList<PlannedRow> Rows, IReadOnlyList<string> Errors)
{
    /// <summary>The first <paramref name="max"/> errors and a count of the rest: a broken 100k-row file stays readable.</summary>
    public List<string> ErrorsUpTo(int max)
    {
        var reported = Errors.Take(max).ToList();
        if (Errors.Count > max)
        {
            reported.Add($"file: and {Errors.Count - max} more errors");
        }

        return reported;
    }
}

public sealed record ImportWrite(ImportSummary Summary, string? Conflict);
