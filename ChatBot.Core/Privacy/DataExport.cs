namespace ChatBot.Core.Privacy;

/// <summary>
/// A user's copy of their own data (portability). The Api queues it; the Worker's export job writes the JSON file as
/// <see cref="DataExportChunk"/> rows under a lease (a Worker that dies mid-way has it restarted by the next), and the
/// owner downloads it until <see cref="ExpiresAt"/>; the retention job deletes it after that.
/// </summary>
public sealed class DataExport
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid UserId { get; init; }

    public DataExportStatus Status { get; set; } = DataExportStatus.Queued;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>After this the file is gone: a download answers 410 and the retention job deletes the rows.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public long SizeBytes { get; set; }

    public int Attempts { get; set; }

    /// <summary>The Worker instance writing it, until <see cref="LockedUntil"/>; after that another may restart it.</summary>
    public string? LockedBy { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public string? Error { get; set; }
}

public enum DataExportStatus
{
    Queued,
    Running,
    Ready,
    Failed,
}
