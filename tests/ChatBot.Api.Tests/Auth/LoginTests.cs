using System.Net;
using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Auth;

[Collection(ApiCollection.Name)]
public sealed class LoginTests(ApiFixture fixture)
{
    [Fact]
    public async Task Login_by_email_or_username_returns_a_bearer_pair_that_opens_protected_endpoints()
    {
        using var anonymous = fixture.Api.CreateClient();
        var user = await anonymous.RegisterAsync();

        using var byEmail = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });
        using var byName = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = user.Password });

        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        var tokens = await byEmail.ReadJsonAsync();
        Assert.Equal("bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(30 * 60, tokens.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refresh_token").GetString()));
        using var authed = fixture.Api.CreateClient(tokens.GetProperty("access_token").GetString()!);
        var me = await authed.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/users/me");
        Assert.Equal(user.Id, me.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_account_get_the_same_401()
    {
        using var client = fixture.Api.CreateClient();
        var user = await client.RegisterAsync();

        using var wrongPassword = await client.LoginRawAsync(user.Email, "not-the-password");
        using var unknown = await client.LoginRawAsync($"nobody-{Guid.NewGuid():N}@example.com", "whatever-password");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await wrongPassword.ReadJsonAsync()).GetProperty("detail").GetString(),
            (await unknown.ReadJsonAsync()).GetProperty("detail").GetString());
        var failures = await fixture.Api.WithDbAsync(db => db.AuditLogs.CountAsync(a => a.UserId == user.Id && a.Action == "auth.login" && a.Outcome == "failure"));
        Assert.Equal(1, failures);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_with_423_and_retry_after_even_for_the_right_password()
    {
        using var client = fixture.Api.CreateClient();
        var user = await client.RegisterAsync();

        for (var attempt = 1; attempt < 5; attempt++)
        {
            using var failed = await client.LoginRawAsync(user.Email, "wrong-password");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var fifth = await client.LoginRawAsync(user.Email, "wrong-password");
        using var rightPassword = await client.LoginRawAsync(user.Email, user.Password);

        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        Assert.Equal(HttpStatusCode.Locked, rightPassword.StatusCode);
        var retryAfter = rightPassword.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalMinutes, 1, 15);
        Assert.True(await fixture.Api.WithDbAsync(db => db.AuditLogs.AnyAsync(a => a.UserId == user.Id && a.Action == "auth.lockout")));
    }

    [Fact]
    public async Task Anonymous_call_to_a_protected_endpoint_is_a_401_problem()
    {
        using var client = fixture.Api.CreateClient();

        using var response = await client.GetAsync("/api/v1/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_trusted_proxy_names_the_browser_behind_it_for_sessions_and_limits()
    {
        // The web app calls the Api for every browser; the Api trusts its X-Forwarded-For (loopback here, the
        // configured networks when deployed) and records the browser, not the web app, as the device.
        using var anonymous = fixture.Api.CreateClient();
        var user = await anonymous.RegisterAsync();
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email = user.Email, password = user.Password }),
        };
        login.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        login.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0");

        using var response = await anonymous.SendAsync(login);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await fixture.Api.WithDbAsync(db => db.UserSessions.SingleAsync(s => s.UserId == user.Id));
        Assert.Equal("203.0.113.7", session.IpAddress);
        Assert.Contains("TestBrowser/1.0", session.UserAgent, StringComparison.Ordinal);
    }
}
