extern alias worker;
using System.Globalization;
using ChatBot.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using WorkerHost = worker::ChatBot.Worker.WorkerHost;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>
/// The real Worker (its Quartz scheduler and jobs) in the test process, on the fixture's PostgreSQL and Redis, so a
/// queued import or mail is handled the way it is in the running app. Its jobs look for work every second.
/// </summary>
public sealed class TestWorker : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestWorker(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public static async Task<TestWorker> StartAsync(string databaseConnectionString, string redisConnectionString,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var app = WorkerHost.Build(Arguments(databaseConnectionString, redisConnectionString, settings), configureServices);
        await app.StartAsync();
        return new TestWorker(app);
    }

    /// <summary>The Worker's settings as command-line arguments (they outrank its appsettings.json).</summary>
    public static string[] Arguments(string databaseConnectionString, string redisConnectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var merged = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Development",
            [$"ConnectionStrings:{ConnectionNames.Database}"] = databaseConnectionString,
            [$"ConnectionStrings:{ConnectionNames.Cache}"] = redisConnectionString,
            // See ChatBotApiFactory: several hosts share this process.
            ["Aspire:StackExchange:Redis:DisableTracing"] = "true",
            ["Ai:WarmUp"] = "false",
            ["Jobs:EmailIntervalSeconds"] = "1",
            ["Jobs:ImportIntervalSeconds"] = "1",
            ["Jobs:TrainingIntervalSeconds"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return merged.Where(s => s.Value is not null).Select(s => string.Create(CultureInfo.InvariantCulture, $"--{s.Key}={s.Value}")).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
