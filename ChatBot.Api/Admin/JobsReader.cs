using System.Data.Common;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChatBot.Api.Admin;

/// <summary>
/// Reads the Worker's state for admins: Quartz's job store (job details, triggers and the per-job run status its
/// execution history keeps) and our own work tables. Quartz's tables belong to Quartz, so they are read with plain SQL.
/// </summary>
public sealed class JobsReader(ChatBotDbContext db)
{
    /// <summary>The scheduler name the Worker runs under (its jobs' rows carry it).</summary>
    private const string SchedulerName = "chatbot";

    public async Task<JobsOverview> ReadAsync(CancellationToken cancellationToken)
    {
        var jobs = await ReadJobsAsync(cancellationToken);
        var waiting = await db.OutboxEmails.CountAsync(e => e.SentAt == null && e.FailedAt == null, cancellationToken);
        var failed = await db.OutboxEmails.CountAsync(e => e.FailedAt != null, cancellationToken);
        var recentlyFailed = await db.OutboxEmails.AsNoTracking().Where(e => e.FailedAt != null)
            .OrderByDescending(e => e.FailedAt).Take(20)
            .Select(e => new { e.Id, e.Kind, e.To, e.Attempts, e.LastError, e.FailedAt })
            .ToListAsync(cancellationToken);
        var imports = await db.FaqImports.AsNoTracking().OrderByDescending(i => i.CreatedAt).Take(20)
            .Select(i => new { i.Id, i.Status, i.FileName, i.TotalRows, i.DoneRows, Errors = i.Errors.Count, i.CreatedAt, i.FinishedAt })
            .ToListAsync(cancellationToken);
        return new JobsOverview(jobs,
            new OutboxState(waiting, failed, recentlyFailed.Select(e => new FailedEmail(e.Id, e.Kind, Mask(e.To), e.Attempts, e.LastError, e.FailedAt)).ToList()),
            imports.Select(i => new ImportState(i.Id, i.Status.ToString().ToLowerInvariant(), i.FileName, i.TotalRows, i.DoneRows, i.Errors,
                i.CreatedAt, i.FinishedAt)).ToList());
    }

    private async Task<IReadOnlyList<JobState>> ReadJobsAsync(CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("""
                SELECT d.job_name, d.description, t.next_fire_time, s.last_fired_time, s.last_success_time, s.last_failure_time,
                       s.last_failure_message, s.consecutive_failures, s.run_count, s.failure_count, t.retry_attempt
                FROM qrtz_job_details d
                LEFT JOIN qrtz_triggers t ON t.sched_name = d.sched_name AND t.job_name = d.job_name AND t.job_group = d.job_group
                LEFT JOIN qrtz_job_status s ON s.sched_name = d.sched_name AND s.job_name = d.job_name AND s.job_group = d.job_group
                WHERE d.sched_name = @scheduler
                ORDER BY d.job_name
                """, connection);
            command.Parameters.AddWithValue("scheduler", SchedulerName);
            var jobs = new List<JobState>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var consecutiveFailures = reader.IsDBNull(7) ? 0 : reader.GetInt32(7);
                jobs.Add(new JobState(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    Time(reader, 2), Time(reader, 3), Time(reader, 4), Time(reader, 5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    consecutiveFailures > 0,
                    consecutiveFailures,
                    reader.IsDBNull(10) ? 0 : reader.GetInt32(10),
                    reader.IsDBNull(8) ? 0 : reader.GetInt64(8),
                    reader.IsDBNull(9) ? 0 : reader.GetInt64(9)));
            }

            return jobs;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The Worker has not created its job store yet.
            return [];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Quartz stores times as UTC ticks.</summary>
    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) || reader.GetInt64(ordinal) <= 0 ? null : new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);

    private static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }
}
