namespace ChatBot.Api.Admin;

/// <summary>What the Worker is doing and what went wrong: scheduled jobs, the mail outbox, recent imports.</summary>
public sealed record JobsOverview(IReadOnlyList<JobState> Jobs, OutboxState Emails, IReadOnlyList<ImportState> Imports);

/// <param name="Failing">The last run failed (and so did <paramref name="ConsecutiveFailures"/> before it).</param>
/// <param name="RetryAttempt">Above zero while a failed run waits for its retry (at <paramref name="NextRunAt"/>).</param>
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

/// <param name="To">Masked: the page is for diagnosing, not for reading addresses.</param>
public sealed record FailedEmail(Guid Id, string Kind, string To, int Attempts, string? LastError, DateTimeOffset? FailedAt);

public sealed record ImportState(Guid Id, string Status, string FileName, int TotalRows, int DoneRows, int Errors, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);
