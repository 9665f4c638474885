using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using ChatBot.Api.Auth;
using ChatBot.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBot.Api.Tests.Auth;

[Collection(ApiCollection.Name)]
public sealed class TokenTests(ApiFixture fixture)
{
    private static async Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken) =>
        await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken });

    [Fact]
    public async Task Refresh_rotates_the_pair_and_spends_the_old_refresh_token()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient();

        using var refreshed = await RefreshAsync(client, user.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var pair = await refreshed.ReadJsonAsync();
        Assert.NotEqual(user.RefreshToken, pair.GetProperty("refresh_token").GetString());
        using var authed = fixture.Api.CreateClient(pair.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await authed.GetAsync("/api/v1/users/me")).StatusCode);
        var spent = await fixture.Api.WithDbAsync(db => db.RefreshTokens.CountAsync(t => t.UserId == user.Id && t.ConsumedAt != null));
        Assert.Equal(1, spent);
    }

    [Fact]
    public async Task Refresh_with_reused_token_revokes_the_whole_family()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient();
        using var first = await RefreshAsync(client, user.RefreshToken);
        var rotated = await first.ReadJsonAsync();
        var newRefresh = rotated.GetProperty("refresh_token").GetString()!;
        var newAccess = rotated.GetProperty("access_token").GetString()!;

        using var reuse = await RefreshAsync(client, user.RefreshToken);
        using var afterReuse = await RefreshAsync(client, newRefresh);
        using var authed = fixture.Api.CreateClient(newAccess);
        using var me = await authed.GetAsync("/api/v1/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterReuse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.True(await fixture.Api.WithDbAsync(db => db.AuditLogs.AnyAsync(a => a.UserId == user.Id && a.Action == "auth.refresh_reuse")));
    }

    [Fact]
    public async Task Logout_kills_the_access_token_at_once_and_the_refresh_token()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var authed = fixture.Api.CreateClient(user);
        Assert.Equal(HttpStatusCode.OK, (await authed.GetAsync("/api/v1/users/me")).StatusCode);

        using var logout = await authed.PostAsync("/api/v1/auth/logout", null);
        using var me = await authed.GetAsync("/api/v1/users/me");
        using var refresh = await RefreshAsync(fixture.Api.CreateClient(), user.RefreshToken);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task Logout_on_one_replica_is_honoured_by_another_replica_at_once()
    {
        await using var replica = fixture.CreateApi();
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var onReplica = replica.CreateClient(user);
        Assert.Equal(HttpStatusCode.OK, (await onReplica.GetAsync("/api/v1/users/me")).StatusCode);

        using var logout = await fixture.Api.CreateClient(user).PostAsync("/api/v1/auth/logout", null);
        using var me = await onReplica.GetAsync("/api/v1/users/me");

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task A_token_made_stale_by_a_rename_is_refused_from_redis_alone_after_the_first_time()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var stale = fixture.Api.CreateClient(user);
        using var rename = await stale.PatchAsJsonAsync("/api/v1/users/me", new { username = ApiClientExtensions.UniqueName("renamed") });
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stale.GetAsync("/api/v1/users/me")).StatusCode);

        // With PostgreSQL hung, a database read would be a 503 after seconds: the refusal is remembered in Redis.
        var started = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage again;
        using (fixture.Postgres.Pause())
        {
            again = await stale.GetAsync("/api/v1/users/me");
        }

        using (again)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"Refused after {started.Elapsed}");
        }

        await Eventually.TrueAsync(async () => (await fixture.Api.CreateClient().GetAsync("/health")).IsSuccessStatusCode,
            "recovery after PostgreSQL resumes", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_rejected()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var forged = Forge(user, signingKey: "an-attacker-key-that-is-long-enough-for-hs256!!", expires: DateTime.UtcNow.AddMinutes(10));

        await AssertRejectedAsync(forged);
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var expired = Forge(user, signingKey: null, expires: DateTime.UtcNow.AddMinutes(-5));

        await AssertRejectedAsync(expired);
    }

    [Fact]
    public async Task Unsigned_alg_none_token_is_rejected()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var payload = new JsonWebToken(user.AccessToken).EncodedPayload;
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");

        await AssertRejectedAsync($"{header}.{payload}.");
    }

    [Fact]
    public async Task Token_for_another_audience_is_rejected()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var token = Forge(user, signingKey: null, expires: DateTime.UtcNow.AddMinutes(10), audience: "someone-else");

        await AssertRejectedAsync(token);
    }

    [Fact]
    public async Task A_correctly_forged_control_token_is_accepted_so_the_rejections_above_mean_something()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var token = Forge(user, signingKey: null, expires: DateTime.UtcNow.AddMinutes(10));

        using var client = fixture.Api.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users/me")).StatusCode);
    }

    private async Task AssertRejectedAsync(string token)
    {
        using var client = fixture.Api.CreateClient(token);
        using var response = await client.GetAsync("/api/v1/users/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Re-signs the claims of a real token: with the server's key unless another is given.</summary>
    private string Forge(TestUser user, string? signingKey, DateTime expires, string? audience = null)
    {
        var jwt = fixture.Api.Services.GetRequiredService<IOptions<JwtOptions>>().Value;
        var original = new JsonWebToken(user.AccessToken);
        var claims = original.Claims.Where(c => c.Type is not ("exp" or "iat" or "nbf" or "aud" or "iss")).ToList();
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = audience ?? jwt.Audience,
            IssuedAt = expires.AddMinutes(-30),
            NotBefore = expires.AddMinutes(-30),
            Expires = expires,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey ?? jwt.SigningKey!)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
