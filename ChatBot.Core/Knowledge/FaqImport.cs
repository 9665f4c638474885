namespace ChatBot.Core.Knowledge;

/// <summary>
/// A bulk FAQ import handed to the Worker: the file as uploaded, then the job's progress. Written by the Api in the
/// request that received the file; the Worker's import job claims it with a lease, writes it in batches (each batch
/// commits with <see cref="DoneRows"/>, so a job resumed after a crash never writes a row twice), retrains the answer
/// model and marks it completed.
/// </summary>
public sealed class FaqImport
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public FaqImportStatus Status { get; set; } = FaqImportStatus.Queued;

    public required string FileName { get; init; }

    /// <summary><c>application/json</c> or <c>text/csv</c>.</summary>
    public required string MediaType { get; init; }

    /// <summary>The uploaded file; cleared once the import has ended.</summary>
    public byte[]? Content { get; set; }

    public int TotalRows { get; set; }

    public int DoneRows { get; set; }

    public int CreatedCount { get; set; }

    public int UpdatedCount { get; set; }

    /// <summary>Why rows (or the file) were refused, row by row; the import writes nothing when there are any.</summary>
    public List<string> Errors { get; set; } = [];

    public Guid? CreatedById { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>The Worker instance working on it, until <see cref="LockedUntil"/>; after that another may resume it.</summary>
    public string? LockedBy { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>W3C traceparent of the request that uploaded the file, so the job's trace links to it.</summary>
    public string? TraceParent { get; init; }
}

public enum FaqImportStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}
