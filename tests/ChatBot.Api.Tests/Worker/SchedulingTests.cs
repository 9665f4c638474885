using System.Globalization;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChatBot.Api.Tests.Worker;

/// <summary>The job engine across Worker replicas, and what admins see when a job fails.</summary>
[Collection(WorkerCollection.Name)]
public sealed class SchedulingTests(WorkerFixture fixture)
{
    private const string Retention = "retention";
    private const string ImportFaqs = "import-faqs";

    [Fact]
    public async Task Two_Workers_run_each_scheduled_fire_of_a_job_once()
    {
        var everySecond = new Dictionary<string, string?> { ["Jobs:RetentionSchedule"] = "* * * * * ?" };
        var since = DateTime.UtcNow.Ticks;
        long until;
        await using (var first = await fixture.StartWorkerAsync(everySecond))
        await using (var second = await fixture.StartWorkerAsync(everySecond))
        {
            await Task.Delay(TimeSpan.FromSeconds(8));
            until = DateTime.UtcNow.Ticks;
        }

        // Counted while both ran (stopping them takes a while on a busy machine, and the first fires on meanwhile).
        var fires = (await ReadFiresAsync(since)).Where(f => f.FiredAt.Ticks <= until).ToList();
        var seconds = (int)Math.Ceiling(TimeSpan.FromTicks(until - since).TotalSeconds);
        // Run by both, each second would appear twice; some seconds may be skipped while the two hand the trigger over.
        Assert.InRange(fires.Count, 4, seconds + 1);
        var perSecond = fires.GroupBy(f => f.FiredAt.Ticks / TimeSpan.TicksPerSecond).ToList();
        Assert.All(perSecond, second => Assert.Single(second));
    }

    [Fact]
    public async Task A_Worker_that_starts_does_not_run_a_job_again_before_its_interval()
    {
        // The job ran a moment ago (the test Worker polls for imports every second).
        var since = DateTime.UtcNow.Ticks;
        await using (var before = await fixture.StartWorkerAsync())
        {
            await Eventually.TrueAsync(async () => (await ReadFiresAsync(since, ImportFaqs)).Count > 0, "an import run", TimeSpan.FromSeconds(30));
        }

        // Deployed with an hourly interval: the next run is an hour after the last one, not as the Worker starts.
        var restarted = DateTime.UtcNow.Ticks;
        await using (var after = await fixture.StartWorkerAsync(new Dictionary<string, string?> { ["Jobs:ImportIntervalSeconds"] = "3600" }))
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
        }

        Assert.Empty(await ReadFiresAsync(restarted, ImportFaqs));
    }

    [Fact]
    public async Task A_Worker_back_after_a_pause_polls_at_its_interval_not_once_per_poll_it_missed()
    {
        await using (var before = await fixture.StartWorkerAsync())
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        // Ten polls of a second each are missed while no Worker runs.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var since = DateTime.UtcNow.Ticks;
        await using var after = await fixture.StartWorkerAsync();
        await Eventually.TrueAsync(async () => (await ReadFiresAsync(since, ImportFaqs)).Count > 0, "a poll", TimeSpan.FromSeconds(10));
        var first = (await ReadFiresAsync(since, ImportFaqs))[0].FiredAt;
        await Task.Delay(TimeSpan.FromSeconds(3));

        // Once a second from the first: about three in those three seconds, where catching up would be a dozen.
        Assert.InRange((await ReadFiresAsync(since, ImportFaqs)).Count(f => f.FiredAt <= first.AddSeconds(3)), 1, 5);
    }

    [Fact]
    public async Task A_poller_held_up_by_its_database_resumes_within_seconds()
    {
        await using var worker = await fixture.StartWorkerAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));

        // The job store's locks are held (a stalled database) for several intervals: every poll due meanwhile is late.
        await using (var connection = new NpgsqlConnection(fixture.Postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand("SELECT lock_name FROM qrtz_locks FOR UPDATE", connection, transaction))
            {
                await hold.ExecuteNonQueryAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(8));
            await transaction.CommitAsync();
        }

        // Late runs wait for the Worker's misfire check (every Jobs:MisfireCheckSeconds, not Quartz's default minute).
        var since = DateTime.UtcNow.Ticks;
        await Eventually.TrueAsync(async () => (await ReadFiresAsync(since, ImportFaqs)).Count > 0, "the poller to resume", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_scheduled_run_missed_while_no_Worker_ran_happens_when_one_starts()
    {
        // Daily at a time a few seconds away; the only Worker stops before it (a deploy at 03:30).
        var dueAt = DateTime.UtcNow.AddSeconds(8);
        var daily = new Dictionary<string, string?>
        {
            ["Jobs:RetentionSchedule"] = dueAt.ToString("s m H '* * ?'", CultureInfo.InvariantCulture),
        };
        var since = DateTime.UtcNow.Ticks;
        await using (var stopped = await fixture.StartWorkerAsync(daily))
        {
        }

        Assert.True(DateTime.UtcNow < dueAt, "the Worker stopped after the run was due; the test proves nothing");
        await Task.Delay(dueAt - DateTime.UtcNow + TimeSpan.FromSeconds(2));
        Assert.Empty(await ReadFiresAsync(since));

        // The next Worker to start runs it once (without the missed run, the next is tomorrow).
        await using var next = await fixture.StartWorkerAsync(daily);
        await Eventually.TrueAsync(async () => (await ReadFiresAsync(since)).Count > 0,
            "the missed retention run", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(await ReadFiresAsync(since));
    }

    [Fact]
    public async Task A_failing_job_is_retried_then_shown_to_admins_as_failed()
    {
        // The database refuses the retention job's deletes, as it would during a legal hold or a broken permission.
        await ExecuteAsync("""
            CREATE OR REPLACE FUNCTION refuse_audit_delete() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'audit_logs are under legal hold'; END $$;
            CREATE TRIGGER legal_hold BEFORE DELETE ON audit_logs FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_delete();
            """);
        try
        {
            var fireAt = DateTime.UtcNow.AddSeconds(6);
            await using var worker = await fixture.StartWorkerAsync(new Dictionary<string, string?>
            {
                // Once, a few seconds from now; then two retries, one and two seconds after the failures; then failed.
                ["Jobs:RetentionSchedule"] = fireAt.ToString("s m H d M '?' yyyy", CultureInfo.InvariantCulture),
                ["Jobs:RetryAttempts"] = "2",
                ["Jobs:FirstRetrySeconds"] = "1",
            });
            using var admin = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Admin));

            var job = await Eventually.GetAsync(async () =>
            {
                var overview = await (await admin.GetAsync("/api/v1/admin/jobs")).ReadJsonAsync();
                var retention = overview.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == Retention);
                // The engine records the failure and resets the trigger's retry count in two steps: wait for both.
                return retention.GetProperty("failing").GetBoolean() && retention.GetProperty("retry_attempt").GetInt32() == 0
                    ? new Box(retention)
                    : null;
            }, "the retention job to fail with its retries spent", TimeSpan.FromSeconds(30));

            var state = job.Value;
            // Quartz counts a fire whose retries are spent as one failure (each attempt is in its history, below).
            Assert.Equal(1, state.GetProperty("consecutive_failures").GetInt32());
            Assert.Contains("legal hold", state.GetProperty("last_failure").GetString(), StringComparison.Ordinal);
            // The retries are spent: no further attempt comes, and the engine's history shows each one.
            await Task.Delay(TimeSpan.FromSeconds(4));
            var fires = await ReadFiresAsync(fireAt.AddSeconds(-1).Ticks);
            Assert.Equal(3, fires.Count);
            Assert.All(fires, f => Assert.False(f.Succeeded));
            Assert.Equal([0, 1, 2], fires.Select(f => f.RetryAttempt).Order());
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER IF EXISTS legal_hold ON audit_logs; DROP FUNCTION IF EXISTS refuse_audit_delete();");
        }
    }

    private sealed record Box(System.Text.Json.JsonElement Value);

    private sealed record Fire(DateTime FiredAt, bool Succeeded, int RetryAttempt);

    /// <summary>A job's runs (retention unless named) from Quartz's execution history (its times are UTC ticks).</summary>
    private async Task<List<Fire>> ReadFiresAsync(long sinceTicks, string job = Retention)
    {
        await using var connection = new NpgsqlConnection(fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT fired_time, succeeded, retry_attempt FROM qrtz_execution_history WHERE job_name = @job AND fired_time >= @since ORDER BY fired_time", connection);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("since", sinceTicks);
        var fires = new List<Fire>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            fires.Add(new Fire(new DateTime(reader.GetInt64(0), DateTimeKind.Utc), reader.GetBoolean(1), reader.GetInt32(2)));
        }

        return fires;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
