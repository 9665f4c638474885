using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.AppHost;

/// <summary>
/// A service that exits with an error (an invalid setting, a missing dependency) is otherwise visible only in the
/// dashboard: report it on the AppHost's console with its exit code and the last lines it logged.
/// </summary>
internal static class ResourceFailureReports
{
    /// <summary>
    /// Starts watching before the resources start: the orchestrator's start only completes once every resource has
    /// started, which never happens when one of them crashed and others wait for it.
    /// </summary>
    public static void AddResourceFailureReports(this IDistributedApplicationBuilder builder) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var services = @event.Services;
            var reporter = ActivatorUtilities.CreateInstance<ResourceFailureReporter>(services);
            _ = reporter.WatchAsync(services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            return Task.CompletedTask;
        });
}

internal sealed partial class ResourceFailureReporter(
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    ILogger<ResourceFailureReporter> logger)
{
    private const int TailLines = 15;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _tails = new();
    private readonly ConcurrentDictionary<string, bool> _reported = new();

    public async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WatchUpdatesAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }

    private async Task WatchUpdatesAsync(CancellationToken stoppingToken)
    {
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            if (update.Resource is not (ProjectResource or ExecutableResource))
            {
                continue;
            }

            if (_tails.TryAdd(update.ResourceId, new ConcurrentQueue<string>()))
            {
                _ = TailAsync(update.ResourceId, stoppingToken);
            }

            var state = update.Snapshot.State?.Text;
            var failed = state == KnownResourceStates.FailedToStart
                         || (KnownResourceStates.TerminalStates.Contains(state) && update.Snapshot.ExitCode is { } code && code != 0);
            if (failed && _reported.TryAdd(update.ResourceId, true))
            {
                // Give the log stream a moment to deliver the process's last words.
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
                logger.LogError("{Resource} stopped: {State}, exit code {ExitCode}. Its last log lines:{NewLine}{Lines}",
                    update.Resource.Name, state, update.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none",
                    Environment.NewLine, string.Join(Environment.NewLine, _tails[update.ResourceId]));
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial System.Text.RegularExpressions.Regex AnsiEscapes();

    private static string WithoutTimestamp(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && DateTimeOffset.TryParse(line.AsSpan(0, space), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _)
            ? line[(space + 1)..]
            : line;
    }

    private async Task TailAsync(string resourceId, CancellationToken stoppingToken)
    {
        var tail = _tails[resourceId];
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(stoppingToken))
            {
                foreach (var line in batch)
                {
                    // Stack frames crowd out the message that says what went wrong.
                    var text = AnsiEscapes().Replace(WithoutTimestamp(line.Content), "");
                    if (text.TrimStart().StartsWith("at ", StringComparison.Ordinal) || text.TrimStart().StartsWith("--- End of", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    tail.Enqueue("  | " + text);
                    while (tail.Count > TailLines && tail.TryDequeue(out _))
                    {
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }
}
