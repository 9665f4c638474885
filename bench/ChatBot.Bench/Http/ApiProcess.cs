using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ChatBot.DevServers;

namespace ChatBot.Bench.Http;

/// <summary>
/// The Release build of ChatBot.Api as its own process on a loopback port, against the given PostgreSQL and Redis,
/// with request limits raised far above the load (the limiter still runs on every request) and no AI warm-up wait.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <param name="settings">Configuration on top of the bench's own (<c>Section__Key</c> environment names).</param>
    public static async Task<ApiProcess> StartAsync(
        string database, string redis, string? otlpEndpoint, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(RepositoryPaths.Root, "ChatBot.Api", "bin", "Release", "net10.0", "ChatBot.Api.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution in Release first");
        }

        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = start.Environment;
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["ConnectionStrings__chatdb"] = database;
        environment["ConnectionStrings__cache"] = redis;
        environment["Database__MigrateOnStart"] = "true";
        environment["Jwt__SigningKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        environment["Logging__LogLevel__Default"] = "Warning";
        // The highest limits the options allow: far above any load here, so no request is refused but every one is counted.
        foreach (var limit in new[] { "PerMinute", "AnonymousPerMinute", "CredentialsPerMinute" })
        {
            environment[$"RateLimiting__{limit}"] = "1000000";
        }

        foreach (var limit in new[] { "PerHour", "AnonymousPerHour", "CredentialsPerHour" })
        {
            environment[$"RateLimiting__{limit}"] = "10000000";
        }

        environment["RateLimiting__PerAddressPerMinute"] = "100000000";

        environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (otlpEndpoint is not null)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the Api did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"api: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await api.WaitUntilReadyAsync(cancellationToken);
        return api;
    }

    /// <summary>Registers an account and signs it in: the bearer token the authenticated GETs carry.</summary>
    public async Task<string> SignInAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address };
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        const string password = "bench-Password-1";
        using (var register = await client.PostAsJsonAsync("/api/v1/auth/register",
                   new { email, username = $"bench{Random.Shared.Next(1_000_000)}", password, gdpr_consent = true }, cancellationToken))
        {
            register.EnsureSuccessStatusCode();
        }

        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return tokens.GetProperty("access_token").GetString()!;
    }

    /// <summary>The signed-in account's id, from its own profile.</summary>
    public async Task<Guid> UserIdAsync(string token, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var profile = await client.GetFromJsonAsync<JsonElement>("/api/v1/users/me", cancellationToken);
        return profile.GetProperty("id").GetGuid();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the Api exited with {_process.ExitCode} before it was ready");
            }

            try
            {
                using var health = await client.GetAsync("/health", cancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException("the Api was not healthy within two minutes");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
