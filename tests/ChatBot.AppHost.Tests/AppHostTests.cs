using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChatBot.AppHost.Tests;

[Collection(AppHostCollection.Name)]
public sealed class AppHostTests(AppHostFixture fixture)
{
    [Fact]
    public async Task Api_health_is_healthy_with_its_database_and_cache_checks()
    {
        using var client = fixture.App.CreateHttpClient("api");

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("ChatBotDbContext").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("StackExchange.Redis").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("web")]
    public async Task Service_reports_healthy(string resource)
    {
        using var client = fixture.App.CreateHttpClient(resource);

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
    }

    /// <summary>
    /// How late the orchestrator may stamp an exit it already acted on: 18 ms and 274 ms were seen on a busy machine.
    /// Well under the seconds the migrations take, so a service started alongside them still fails the test.
    /// </summary>
    private static readonly TimeSpan ExitStampLag = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Migration_step_ran_to_completion_before_the_services()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var migrations = await fixture.App.ResourceNotifications.WaitForResourceAsync(
            "migrations", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);

        Assert.Equal(KnownResourceStates.Finished, migrations.Snapshot.State?.Text);
        Assert.Equal(0, migrations.Snapshot.ExitCode);
        var finished = Assert.NotNull(migrations.Snapshot.StopTimeStamp);
        foreach (var service in new[] { "api", "worker" })
        {
            var running = await fixture.App.ResourceNotifications.WaitForResourceAsync(
                service, e => e.Snapshot.StartTimeStamp is not null, timeout.Token);
            var started = running.Snapshot.StartTimeStamp!.Value;
            // Their processes were started only once the migration process had exited (not merely while it ran, which
            // takes seconds). The orchestrator stamps an exit a few milliseconds after it acted on it, so allow for that.
            Assert.True(finished <= started + ExitStampLag, $"{service} started at {started:O}, before the migrations finished at {finished:O}");
        }
    }

    [Fact]
    public async Task Data_stores_run_as_local_processes_here()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();

        Assert.IsAssignableFrom<ExecutableResource>(model.Resources.Single(r => r.Name == "postgres"));
        Assert.IsAssignableFrom<ExecutableResource>(model.Resources.Single(r => r.Name == "cache"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("chatdb", timeout.Token);
    }

    /// <summary>
    /// PostgreSQL's own default cache: the 1 GB the benchmarks give their servers was set up at every start and cost
    /// the idle development stack about 30 MB.
    /// </summary>
    [Fact]
    public async Task Local_postgresql_runs_with_a_development_sized_cache()
    {
        var connectionString = await fixture.App.GetConnectionStringAsync("chatdb");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var show = new NpgsqlCommand("SHOW shared_buffers", connection);

        Assert.Equal("128MB", await show.ExecuteScalarAsync());
    }

    /// <summary>
    /// Without it each service runs below its own <c>dotnet run</c>, which stays resident (about 60 MB) beside it.
    /// </summary>
    [Theory]
    [InlineData("api", "ChatBot.Api")]
    [InlineData("worker", "ChatBot.Worker")]
    [InlineData("web", "ChatBot.Web")]
    public async Task Service_runs_straight_from_its_build_output(string resource, string project)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // reads the process's command line from /proc
        }

        var command = await CommandLineAsync(resource);

        Assert.Equal(project, Path.GetFileName(command));
        Assert.Contains($"{Path.DirectorySeparatorChar}{project}{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", command, StringComparison.Ordinal);
    }

    /// <summary>Through <c>dotnet tool run</c> the inbox would have that launcher resident beside it (about 17 MB).</summary>
    [Fact]
    public async Task Inbox_runs_as_the_tools_own_executable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // reads the process's command line from /proc
        }

        var command = await CommandLineAsync("mail");

        Assert.Equal("Rnwood.Smtp4dev", Path.GetFileName(command));
    }

    private async Task<string> CommandLineAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var running = await fixture.App.ResourceNotifications.WaitForResourceAsync(
            resource, e => e.Snapshot.Properties.Any(p => p.Name == "executable.pid" && p.Value is not null), timeout.Token);
        var pid = Convert.ToInt32(running.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value, CultureInfo.InvariantCulture);
        return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0')[0];
    }
}
