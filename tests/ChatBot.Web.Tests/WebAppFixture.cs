using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.DevServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace ChatBot.Web.Tests;

/// <summary>
/// The whole app (AppHost in local-process mode: PostgreSQL, Redis, Api, Worker, Web) with the demo knowledge base,
/// plus Debian's Chromium driven by Playwright. Started once for the collection: a start costs ~40 s here.
/// The local responder is paced (one word per 60 ms) so an answer streams long enough to be watched and stopped.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"chatbot-web-{Guid.NewGuid():N}");
    private IPlaywright? _playwright;

    public string AdminPassword { get; } = $"Adm1n-{Guid.NewGuid():N}";

    public const string AdminEmail = "admin@chatbot.local";

    /// <summary>An FAQ whose answer streams for a few seconds, for the stop journey.</summary>
    public const string LongQuestion = "What does the full onboarding walkthrough for new business accounts cover?";

    public DistributedApplication App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri WebUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ChatBot_AppHost>(
        [
            "Infrastructure:Mode=LocalProcesses",
            $"Infrastructure:DataDirectory={_dataDirectory}",
            $"Parameters:admin-password={AdminPassword}",
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        var api = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
        builder.CreateResourceBuilder(api)
            .WithEnvironment("Ai__Local__ChunkDelayMilliseconds", "60")
            // Every browser here is 127.0.0.1: the per-address sign-in budget would stop the suite, not an attacker.
            .WithEnvironment("RateLimiting__CredentialsPerMinute", "1000")
            .WithEnvironment("RateLimiting__CredentialsPerHour", "10000")
            .WithEnvironment("RateLimiting__RefreshPerSessionPerMinute", "1000")
            .WithEnvironment("RateLimiting__PerAddressPerMinute", "1000000")
            // One admin account serves every journey here, several browsers at once: its per-user budget (60/min,
            // proven in the Api tests) would be spent by the suite's pace, which rises as the Api gets faster.
            .WithEnvironment("RateLimiting__PerMinute", "1000");

        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(timeout.Token);
        foreach (var resource in new[] { "api", "worker", "web", "mail" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        WebUrl = App.GetEndpoint("web", "http");
        await PrepareKnowledgeBaseAsync(timeout.Token);
        // The first page of each kind compiles and warms up on this 2-core machine; let no test pay for that.
        using (var web = App.CreateHttpClient("web"))
        {
            foreach (var path in new[] { "/login", "/register", "/forgot-password" })
            {
                (await web.GetAsync(path, timeout.Token)).EnsureSuccessStatusCode();
            }
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    /// <summary>Waits for the Worker to seed the demo FAQs, then adds the long one.</summary>
    private async Task PrepareKnowledgeBaseAsync(CancellationToken cancellationToken)
    {
        using var admin = await CreateApiClientAsync(AdminEmail, AdminPassword, cancellationToken);
        while (true)
        {
            var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/faqs?page_size=1", cancellationToken);
            if (page.GetProperty("total").GetInt32() >= 20)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        var longAnswer = "Onboarding covers these steps: " + string.Join(' ', Enumerable.Range(1, 120).Select(i => $"step{i}"));
        using var created = await admin.PostAsJsonAsync("/api/v1/faqs", new
        {
            question = LongQuestion,
            answer = longAnswer,
            alternates = new[] { "explain the business onboarding steps", "walk me through onboarding for my company account" },
        }, cancellationToken);
        created.EnsureSuccessStatusCode();
    }

    /// <summary>An HttpClient on the Api signed in as the given account (for setting up data, not for what is tested).</summary>
    public async Task<HttpClient> CreateApiClientAsync(string login, string password, CancellationToken cancellationToken = default)
    {
        var client = App.CreateHttpClient("api");
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = login, password }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        return client;
    }

    /// <summary>A fresh browser profile (no cookies) at the given viewport.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(45_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    /// <summary>Where screenshots of each page go (a test artifact next to the TRX results).</summary>
    public static string ScreenshotPath(string name)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{name}.png");
    }
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web-app";
}
