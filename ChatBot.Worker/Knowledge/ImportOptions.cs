using System.ComponentModel.DataAnnotations;

namespace ChatBot.Worker.Knowledge;

/// <summary>Configuration section <c>Import</c>: how the import job writes FAQ files.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>FAQs embedded and committed together, with the import's progress.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a Worker's claim on an import lasts without news; after that another Worker resumes it.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>An import that keeps failing (or killing its Worker) is given up after this many starts.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Row errors kept on a refused import (the rest are counted).</summary>
    [Range(1, 10_000)]
    public int MaxReportedErrors { get; set; } = 500;
}
