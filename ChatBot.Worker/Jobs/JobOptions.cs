using System.ComponentModel.DataAnnotations;

namespace ChatBot.Worker.Jobs;

/// <summary>Configuration section <c>Jobs</c>: how often each job runs.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    [Range(1, 3600)]
    public int EmailIntervalSeconds { get; set; } = 5;

    [Range(1, 3600)]
    public int ImportIntervalSeconds { get; set; } = 2;

    [Range(1, 3600)]
    public int TrainingIntervalSeconds { get; set; } = 5;

    [Range(1, 1440)]
    public int ReembedIntervalMinutes { get; set; } = 10;

    /// <summary>How often the FAQ texts' vector index is checked against the number of texts (a check is one count).</summary>
    [Range(1, 86_400)]
    public int TextIndexIntervalSeconds { get; set; } = 600;

    /// <summary>Quartz cron expression (seconds first), in UTC: daily at 03:30 by default.</summary>
    [Required]
    public string RetentionSchedule { get; set; } = "0 30 3 * * ?";

    [Range(1, 3600)]
    public int ExportIntervalSeconds { get; set; } = 2;

    /// <summary>Quartz cron expression (seconds first), in UTC: hourly at ten past, so a finished day is stored soon after midnight.</summary>
    [Required]
    public string AnalyticsRollupSchedule { get; set; } = "0 10 * * * ?";

    /// <summary>Quartz cron expression (seconds first), in UTC: Mondays at 06:00, for the week that ended on Sunday.</summary>
    [Required]
    public string WeeklyReportSchedule { get; set; } = "0 0 6 ? * MON";

    /// <summary>
    /// A failed run of a scheduled job (retention, re-embedding) is tried again this many times, first after
    /// <see cref="FirstRetrySeconds"/>, then waiting twice as long each time; after that it shows as failed until its
    /// next scheduled run. Pollers (mail, imports, training) need no retries: their next run comes within seconds.
    /// </summary>
    [Range(0, 20)]
    public int RetryAttempts { get; set; } = 3;

    [Range(1, 86_400)]
    public int FirstRetrySeconds { get; set; } = 300;

    /// <summary>How long an idle scheduler waits before looking for due work again (Quartz's minimum is one second).</summary>
    [Range(1, 60)]
    public int IdleWaitSeconds { get; set; } = 1;

    /// <summary>How often a Worker looks for runs that could not start on time (a stalled database, a long pause).</summary>
    [Range(1, 60)]
    public int MisfireCheckSeconds { get; set; } = 5;

    /// <summary>A Worker that stops checking in for this long is considered dead; its running jobs are recovered.</summary>
    [Range(2, 600)]
    public int ClusterCheckinSeconds { get; set; } = 7;
}
