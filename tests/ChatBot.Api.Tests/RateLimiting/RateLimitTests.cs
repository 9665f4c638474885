using System.Net;
using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

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
    public async Task A_revoked_token_is_refused_without_spending_from_its_users_budget()
    {
        await using var api = fixture.CreateApi(SeedLimits);
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var revoked = api.CreateClient(user);
        using (var first = await revoked.GetAsync("/api/v1/users/me"))
        {
            Assert.Equal("59", first.Headers.GetValues("X-RateLimit-Remaining").Single());
        }

        using (var logout = await revoked.PostAsync("/api/v1/auth/logout", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            using var refused = await revoked.GetAsync("/api/v1/users/me");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // The token check and the permit share one script: a token it refuses must leave the permit untouched.
        using var fresh = api.CreateClient(await api.CreateClient().LoginAsync(user));
        using var next = await fresh.GetAsync("/api/v1/users/me");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("57", next.Headers.GetValues("X-RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task A_request_refused_by_the_minute_spends_nothing_from_the_hour_which_then_binds()
    {
        await using var api = fixture.CreateApi(new Dictionary<string, string?>
        {
            ["RateLimiting:PerMinute"] = "2",
            ["RateLimiting:PerHour"] = "3",
        });
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = api.CreateClient(user);
        async Task<HttpResponseMessage> Me() => await client.GetAsync("/api/v1/users/me");

        Assert.Equal(HttpStatusCode.OK, (await Me()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Me()).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            using var refused = await Me();
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("2", refused.Headers.GetValues("X-RateLimit-Limit").Single());
        }

        // The minute ends (its counter expires); the five refusals must not have used up the hour's third permit.
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.True(await redis.KeyDeleteAsync($"rl:user:2:m:{{{user.Id}}}"));
        using (var third = await Me())
        {
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        }

        using var hourSpent = await Me();
        Assert.Equal(HttpStatusCode.TooManyRequests, hourSpent.StatusCode);
        Assert.Equal("3", hourSpent.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.InRange(hourSpent.Headers.RetryAfter!.Delta!.Value.TotalMinutes, 59, 60);
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

    [Fact]
    public async Task Refresh_does_not_spend_the_sign_in_budget_of_a_shared_address()
    {
        await using var api = fixture.CreateApi(new Dictionary<string, string?> { ["RateLimiting:CredentialsPerMinute"] = "2" });
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = api.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            using var wrong = await client.LoginRawAsync(user.Email, "wrong-password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await client.LoginRawAsync(user.Email, user.Password);
        using var refresh = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
    }

    [Fact]
    public async Task A_session_that_refreshes_in_a_loop_is_told_to_wait_and_keeps_its_token()
    {
        await using var api = fixture.CreateApi(new Dictionary<string, string?> { ["RateLimiting:RefreshPerSessionPerMinute"] = "2" });
        var user = await fixture.Api.CreateSignedInUserAsync();
        var otherDevice = await fixture.Api.CreateClient().LoginAsync(user with { });
        using var client = api.CreateClient();
        var token = user.RefreshToken;
        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = token });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            token = (await ok.ReadJsonAsync()).GetProperty("refresh_token").GetString()!;
        }

        using var third = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = token });
        using var other = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = otherDevice.RefreshToken });

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.InRange(third.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var hash = ChatBot.Api.Auth.RefreshTokens.Hash(token);
        Assert.Null(await fixture.Api.WithDbAsync(db => db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => t.ConsumedAt).SingleAsync()));
    }

    [Fact]
    public async Task An_address_beyond_its_budget_is_turned_away_before_its_token_is_read()
    {
        await using var api = fixture.CreateApi(new Dictionary<string, string?> { ["RateLimiting:PerAddressPerMinute"] = "5" });
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = api.CreateClient(user);
        for (var i = 0; i < 5; i++)
        {
            using var ok = await client.GetAsync(i % 2 == 0 ? "/health" : "/api/v1/users/me");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Redis hung: a request that got as far as its token would be a 503.
        HttpResponseMessage health, me;
        using (fixture.Redis.Pause())
        {
            health = await client.GetAsync("/health");
            me = await client.GetAsync("/api/v1/users/me");
        }

        using (health)
        using (me)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, health.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, me.StatusCode);
            Assert.Equal("application/problem+json", me.Content.Headers.ContentType?.MediaType);
            Assert.InRange(me.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        }

        await Eventually.TrueAsync(async () => (await fixture.Api.CreateClient().GetAsync("/health")).IsSuccessStatusCode, "recovery after Redis resumes");
    }
}
