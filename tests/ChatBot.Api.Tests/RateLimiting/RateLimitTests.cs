using System.Net;
using ChatBot.Api.Tests.Infrastructure;

namespace ChatBot.Api.Tests.RateLimiting;

/// <summary>Limits live in Redis, so they hold per user across Api replicas. Each test runs its own hosts.</summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture fixture)
{
    private static readonly Dictionary<string, string?> SeedLimits = new()
    {
        ["RateLimiting:PerMinute"] = "60",
        ["RateLimiting:PerHour"] = "1000",
    };

    [Fact]
    public async Task The_61st_request_in_a_minute_gets_429_with_retry_after()
    {
        await using var api = fixture.CreateApi(SeedLimits);
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = api.CreateClient(user);

        for (var i = 1; i <= 60; i++)
        {
            using var ok = await client.GetAsync("/api/v1/users/me");
            Assert.True(ok.StatusCode == HttpStatusCode.OK, $"request {i} got {(int)ok.StatusCode}");
            Assert.Equal((60 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), ok.Headers.GetValues("X-RateLimit-Remaining").Single());
        }

        using var limited = await client.GetAsync("/api/v1/users/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal("60", limited.Headers.GetValues("X-RateLimit-Limit").Single());
    }

    [Fact]
    public async Task Two_api_hosts_sharing_redis_share_one_users_limit()
    {
        await using var first = fixture.CreateApi(SeedLimits);
        await using var second = fixture.CreateApi(SeedLimits);
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var a = first.CreateClient(user);
        using var b = second.CreateClient(user);

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/v1/users/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/v1/users/me")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await a.GetAsync("/api/v1/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await b.GetAsync("/api/v1/users/me")).StatusCode);
        var other = await fixture.Api.CreateSignedInUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await first.CreateClient(other).GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task Credential_endpoints_have_a_stricter_per_ip_limit()
    {
        await using var api = fixture.CreateApi(new Dictionary<string, string?> { ["RateLimiting:CredentialsPerMinute"] = "3" });
        using var client = api.CreateClient();
        var email = $"nobody-{Guid.NewGuid():N}@example.com";

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.LoginRawAsync(email, "whatever-password");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }
}
