using ChatBot.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>
/// The real Api (Program.cs) on real Kestrel (a free loopback port), pointed at the fixture's real PostgreSQL and
/// Redis, so clients speak real HTTP and WebSockets and Kestrel's own limits apply.
/// </summary>
public sealed class ChatBotApiFactory : WebApplicationFactory<Program>
{
    private readonly string _databaseConnectionString;
    private readonly string _redisConnectionString;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public ChatBotApiFactory(string databaseConnectionString, string redisConnectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _databaseConnectionString = databaseConnectionString;
        _redisConnectionString = redisConnectionString;
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(0);
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting($"ConnectionStrings:{ConnectionNames.Database}", _databaseConnectionString);
        builder.UseSetting($"ConnectionStrings:{ConnectionNames.Cache}", _redisConnectionString);
        // Several hosts live in one test process; Redis tracing's profiler is shared between them and breaks when one
        // host is disposed. Production runs one host per process, so only the tests turn it off.
        builder.UseSetting("Aspire:StackExchange:Redis:DisableTracing", "true");
        // Tests start many short-lived hosts; loading models eagerly in each would only cost time.
        builder.UseSetting("Ai:WarmUp", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
