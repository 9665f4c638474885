using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Privacy;

/// <summary>Configuration section <c>Privacy</c>: how long each class of data is kept (the retention job deletes the rest).</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// Conversations idle for longer than this are removed with their messages, and so are moderation flags and usage
    /// events this old (seed: <c>DATA_RETENTION_DAYS</c>).
    /// </summary>
    [Range(1, 36500)]
    public int RetentionDays { get; set; } = 365;

    /// <summary>The security audit trail is kept longer: investigations look back further than support does.</summary>
    [Range(1, 36500)]
    public int AuditRetentionDays { get; set; } = 730;

    /// <summary>Sent (or given-up) mail and finished imports: operational records only.</summary>
    [Range(1, 36500)]
    public int OperationalRetentionDays { get; set; } = 30;

    /// <summary>How long a finished data export can be downloaded; the retention job deletes it after that.</summary>
    [Range(1, 720)]
    public int ExportLifetimeHours { get; set; } = 168;

    /// <summary>A Worker writing an export holds it this long without renewing; after that another restarts it.</summary>
    [Range(10, 3600)]
    public int ExportLeaseSeconds { get; set; } = 300;

    /// <summary>Rows deleted per statement, so a large clean-up never holds long locks.</summary>
    [Range(10, 100_000)]
    public int DeleteBatchSize { get; set; } = 500;
}
