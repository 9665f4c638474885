using ChatBot.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

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
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _configureServices;

    /// <param name="environment">Development unless a test is about what changes outside it.</param>
    /// <param name="configureServices">Extra services (telemetry exporters, log collectors) after the Api's own.</param>
    public ChatBotApiFactory(string databaseConnectionString, string redisConnectionString, IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Development", Action<IServiceCollection>? configureServices = null)
    {
        _databaseConnectionString = databaseConnectionString;
        _redisConnectionString = redisConnectionString;
        _settings = settings ?? new Dictionary<string, string?>();
        _environment = environment;
        _configureServices = configureServices;
        UseKestrel(0);
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
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

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter, OpenApiContractCheck>();
            _configureServices?.Invoke(services);
        });
    }
}
