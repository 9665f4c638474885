namespace ChatBot.Web.Api.Contracts;

/// <summary>The Worker's state for admins (<c>GET /api/v1/admin/jobs</c>).</summary>
public sealed record JobsOverview(IReadOnlyList<JobState> Jobs, OutboxState Emails, IReadOnlyList<ImportState> Imports);

public sealed record JobState(
    string Name,
    string? Description,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt,
    DateTimeOffset? LastSucceededAt,
    DateTimeOffset? LastFailedAt,
    string? LastFailure,
    bool Failing,
    int ConsecutiveFailures,
    int RetryAttempt,
    long Runs,
    long Failures);

public sealed record OutboxState(int Waiting, int Failed, IReadOnlyList<FailedEmail> RecentlyFailed);

public sealed record FailedEmail(Guid Id, string Kind, string To, int Attempts, string? LastError, DateTimeOffset? FailedAt);

public sealed record ImportState(Guid Id, string Status, string FileName, int TotalRows, int DoneRows, int Errors, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);
