using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace ChatBot.AppHost.Tests;

/// <summary>The AppHost's console says which service died and why, through Aspire's own notification and log services.</summary>
public sealed class ResourceFailureReportTests
{
    [Fact]
    public async Task A_service_that_exits_with_an_error_is_reported_with_its_exit_code_and_last_words()
    {
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var logs = new ResourceLoggerService();
        await using var services = new ServiceCollection().BuildServiceProvider();
        using var notifications = new ResourceNotificationService(NullLogger<ResourceNotificationService>.Instance, lifetime, services, logs);
        var console = new FakeLogger<ResourceFailureReporter>();
        using var stop = new CancellationTokenSource();
        var watching = new ResourceFailureReporter(notifications, logs, console).WatchAsync(stop.Token);
        var api = new ExecutableResource("api", "dotnet", "/");
        var migrations = new ExecutableResource("migrations", "dotnet", "/");

        await notifications.PublishUpdateAsync(api, s => s with { State = KnownResourceStates.Running });
        await notifications.PublishUpdateAsync(migrations, s => s with { State = KnownResourceStates.Running });
        logs.GetLogger(api).LogInformation("Starting");
        logs.GetLogger(api).LogError("Unhandled exception. OptionsValidationException: 'PerMinute' must be between 1 and 1000000.");
        logs.GetLogger(api).LogError("   at Microsoft.Extensions.Options.StartupValidator.Validate()");
        await Task.Delay(200);
        await notifications.PublishUpdateAsync(migrations, s => s with { State = KnownResourceStates.Finished, ExitCode = 0 });
        await notifications.PublishUpdateAsync(api, s => s with { State = KnownResourceStates.Exited, ExitCode = 134 });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (console.Collector.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await watching;
        var report = Assert.Single(console.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Error, report.Level);
        Assert.StartsWith("api stopped: Exited, exit code 134", report.Message, StringComparison.Ordinal);
        Assert.Contains("'PerMinute' must be between 1 and 1000000", report.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("StartupValidator", report.Message, StringComparison.Ordinal);
    }
}
