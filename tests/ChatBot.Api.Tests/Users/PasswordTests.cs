using System.Net;
using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Api.Tests.Users;

[Collection(ApiCollection.Name)]
public sealed class PasswordTests(ApiFixture fixture)
{
    [Fact]
    public async Task Password_change_ends_other_sessions_and_keeps_this_one_with_a_new_access_token()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var otherDevice = await fixture.Api.CreateClient().LoginAsync(user with { });
        using var thisDevice = fixture.Api.CreateClient(user);

        using var change = await thisDevice.PostAsJsonAsync("/api/v1/users/me/password",
            new { current_password = user.Password, new_password = "a-brand-new-passphrase" });

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        var fresh = (await change.ReadJsonAsync()).GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Api.CreateClient(otherDevice).GetAsync("/api/v1/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await thisDevice.GetAsync("/api/v1/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Api.CreateClient(fresh).GetAsync("/api/v1/users/me")).StatusCode);
        using var otherRefresh = await fixture.Api.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = otherDevice.RefreshToken });
        using var thisRefresh = await fixture.Api.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, otherRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, thisRefresh.StatusCode);
        using var oldLogin = await fixture.Api.CreateClient().LoginRawAsync(user.Email, user.Password);
        using var newLogin = await fixture.Api.CreateClient().LoginRawAsync(user.Email, "a-brand-new-passphrase");
        Assert.Equal(HttpStatusCode.Unauthorized, oldLogin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newLogin.StatusCode);
    }

    [Fact]
    public async Task Password_change_with_a_wrong_current_password_is_a_validation_problem()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);

        using var change = await client.PostAsJsonAsync("/api/v1/users/me/password",
            new { current_password = "not-it-at-all", new_password = "a-brand-new-passphrase" });

        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.True((await change.ReadJsonAsync()).GetProperty("errors").TryGetProperty("current_password", out _));
    }

    [Fact]
    public async Task Forgot_password_answers_202_for_known_and_unknown_emails_and_queues_mail_only_for_the_known()
    {
        using var client = fixture.Api.CreateClient();
        var user = await client.RegisterAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        using var known = await client.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = user.Email });
        using var missing = await client.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = unknown });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, missing.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await missing.Content.ReadAsStringAsync());
        Assert.Equal(1, await fixture.Api.WithDbAsync(db => db.OutboxEmails.CountAsync(m => m.To == user.Email && m.Kind == "password_reset")));
        Assert.Equal(0, await fixture.Api.WithDbAsync(db => db.OutboxEmails.CountAsync(m => m.To == unknown)));
    }

    [Fact]
    public async Task Reset_with_the_mailed_code_sets_the_password_and_ends_all_sessions()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var anonymous = fixture.Api.CreateClient();
        await anonymous.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = user.Email });
        var mail = await fixture.Api.WithDbAsync(db => db.OutboxEmails.SingleAsync(m => m.To == user.Email && m.Kind == "password_reset"));
        var code = mail.Data!["code"];
        Assert.Contains(Uri.EscapeDataString(code), mail.Data["link"], StringComparison.Ordinal);

        using var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password",
            new { email = user.Email, token = "forged-token", new_password = "another-good-passphrase" });
        using var reset = await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password",
            new { email = user.Email, token = code, new_password = "another-good-passphrase" });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await wrong.ReadJsonAsync()).GetProperty("errors").TryGetProperty("token", out _));
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Api.CreateClient(user).GetAsync("/api/v1/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.LoginRawAsync(user.Email, "another-good-passphrase")).StatusCode);
        using var again = await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password",
            new { email = user.Email, token = code, new_password = "yet-another-passphrase" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_locked_account_cannot_change_its_password_even_with_the_right_one()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/v1/users/me/password",
                new { current_password = $"guess-number-{i}", new_password = "a-brand-new-passphrase" });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var right = await client.PostAsJsonAsync("/api/v1/users/me/password",
            new { current_password = user.Password, new_password = "a-brand-new-passphrase" });

        Assert.Equal(HttpStatusCode.Locked, right.StatusCode);
        Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Locked, (await fixture.Api.CreateClient().LoginRawAsync(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task A_reset_that_meets_a_hung_redis_has_already_ended_every_refresh_token()
    {
        // Limits off: with Redis hung the limiter itself would answer 503 before the reset runs.
        await using var api = fixture.CreateApi(new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "false" });
        var user = await api.CreateSignedInUserAsync();
        string code;
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            code = await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        }

        using var anonymous = api.CreateClient();
        HttpResponseMessage reset;
        using (fixture.Redis.Pause())
        {
            reset = await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password",
                new { email = user.Email, token = code, new_password = "another-good-passphrase" });
        }

        using (reset)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, reset.StatusCode);
        }

        using var refresh = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        await Eventually.TrueAsync(async () => (await fixture.Api.CreateClient().GetAsync("/health")).IsSuccessStatusCode, "recovery after Redis resumes");
    }
}
