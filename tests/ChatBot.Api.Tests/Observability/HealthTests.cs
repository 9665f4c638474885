using System.Net;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using ChatBot.DevServers;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Api.Tests.Observability;

/// <summary>Readiness and liveness for orchestrators, and who may read the detailed report.</summary>
[Collection(ApiCollection.Name)]
public sealed class HealthTests(ApiFixture fixture)
{
    private static readonly Dictionary<string, string?> Production = new()
    {
        ["Jwt:SigningKey"] = "a-test-signing-key-that-is-long-enough-for-hs256-0123456789",
    };

    [Fact]
    public async Task Outside_development_health_tells_anyone_the_status_and_only_admins_the_report()
    {
        await using var api = fixture.CreateApi(Production, environment: "Production");
        using var anonymous = api.CreateClient();
        using var user = api.CreateClient(await api.CreateSignedInUserAsync());
        using var admin = api.CreateClient(await api.CreateSignedInUserAsync(Roles.Admin));

        using var bare = await anonymous.GetAsync("/health");
        using var asUser = await user.GetAsync("/health");
        using var asAdmin = await admin.GetAsync("/health");
        using var alive = await anonymous.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.Equal("Healthy", await bare.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await asUser.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
        var report = await asAdmin.ReadJsonAsync();
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("ChatBotDbContext").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("StackExchange.Redis").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("ai-provider").GetProperty("status").GetString());
    }

    [Fact]
    public async Task In_development_the_report_names_each_check()
    {
        using var client = fixture.Api.CreateClient();

        var report = await (await client.GetAsync("/health")).ReadJsonAsync();

        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, report.GetProperty("checks").GetProperty("ChatBotDbContext").ValueKind);
    }

    [Fact]
    public async Task A_hung_database_or_cache_makes_readiness_fail_within_five_seconds_not_hang()
    {
        using var client = fixture.Api.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        foreach (var (server, check) in new (DevServers.ScriptedServer, string)[] { (fixture.Postgres, "ChatBotDbContext"), (fixture.Redis, "StackExchange.Redis") })
        {
            // Probes may be answered from a report up to a second old, so ask until the hung check shows.
            var started = System.Diagnostics.Stopwatch.StartNew();
            string? status = null;
            var code = HttpStatusCode.OK;
            using (server.Pause())
            {
                while (status != "Unhealthy" && started.Elapsed < TimeSpan.FromSeconds(15))
                {
                    using var response = await client.GetAsync("/health");
                    code = response.StatusCode;
                    status = (await response.ReadJsonAsync()).GetProperty("checks").GetProperty(check).GetProperty("status").GetString();
                }
            }

            Assert.Equal("Unhealthy", status);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"{check}: Unhealthy only after {started.Elapsed}");
        }

        await Eventually.TrueAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK, "recovery after the servers resume");
    }

    [Fact]
    public async Task Concurrent_probes_share_one_round_of_checks()
    {
        var rounds = 0;
        await using var api = fixture.CreateApi(configureServices: services => services.AddHealthChecks()
            .AddCheck("counted", () =>
            {
                Interlocked.Increment(ref rounds);
                Thread.Sleep(200);
                return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy();
            }));
        using var client = api.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/health")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.InRange(rounds, 1, 2);
    }

    [Fact]
    public async Task A_remote_chat_provider_that_is_down_makes_the_service_degraded_not_unready()
    {
        await using var stub = await OpenAIStubServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Ai:Chat:Provider"] = "OpenAICompatible",
            ["Ai:Chat:Endpoint"] = stub.Endpoint.ToString(),
            ["Ai:Chat:ApiKey"] = "sk-test-key",
        };
        await using var up = fixture.CreateApi(settings);
        await using var down = fixture.CreateApi(settings);

        var healthy = await (await up.CreateClient().GetAsync("/health")).ReadJsonAsync();
        stub.FailNext(500);
        using var degradedResponse = await down.CreateClient().GetAsync("/health");
        var degraded = await degradedResponse.ReadJsonAsync();

        Assert.Equal("Healthy", healthy.GetProperty("checks").GetProperty("ai-provider").GetProperty("status").GetString());
        Assert.Equal(2, stub.Count("/models"));
        Assert.Equal(HttpStatusCode.OK, degradedResponse.StatusCode);
        Assert.Equal("Degraded", degraded.GetProperty("status").GetString());
        var check = degraded.GetProperty("checks").GetProperty("ai-provider");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains("did not answer", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
