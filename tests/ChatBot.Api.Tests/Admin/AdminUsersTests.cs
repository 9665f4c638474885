using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Admin;

[Collection(ApiCollection.Name)]
public sealed class AdminUsersTests(ApiFixture fixture)
{
    [Fact]
    public async Task Admin_endpoints_give_401_to_anonymous_and_403_to_users_and_moderators()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var moderator = await fixture.Api.CreateSignedInUserAsync(Roles.Moderator);

        using var anonymous = await fixture.Api.CreateClient().GetAsync("/api/v1/admin/users");
        using var asUser = await fixture.Api.CreateClient(user).GetAsync("/api/v1/admin/users");
        using var asModerator = await fixture.Api.CreateClient(moderator).GetAsync("/api/v1/admin/users");
        using var roleChange = await fixture.Api.CreateClient(user).PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/role", new { role = "admin" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asModerator.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, roleChange.StatusCode);
    }

    [Fact]
    public async Task Admin_lists_and_searches_users_with_paging()
    {
        var admin = await fixture.Api.CreateSignedInUserAsync(Roles.Admin);
        var target = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(admin);

        var found = await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/users?search={target.Username[4..14]}&page=1&page_size=5");
        var firstPage = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/users?page=1&page_size=2");

        Assert.Equal(1, found.GetProperty("total").GetInt32());
        Assert.Equal(target.Id, found.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(2, firstPage.GetProperty("items").GetArrayLength());
        Assert.True(firstPage.GetProperty("total").GetInt32() >= 2);
    }

    [Fact]
    public async Task Role_change_takes_effect_at_the_next_refresh_and_old_tokens_stop_working()
    {
        var admin = await fixture.Api.CreateSignedInUserAsync(Roles.Admin);
        var target = await fixture.Api.CreateSignedInUserAsync();
        using var adminClient = fixture.Api.CreateClient(admin);

        using var change = await adminClient.PutAsJsonAsync($"/api/v1/admin/users/{target.Id}/role", new { role = "moderator" });
        using var oldToken = await fixture.Api.CreateClient(target).GetAsync("/api/v1/users/me");
        using var refresh = await fixture.Api.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = target.RefreshToken });
        var newToken = (await refresh.ReadJsonAsync()).GetProperty("access_token").GetString()!;
        var me = await fixture.Api.CreateClient(newToken).GetFromJsonAsync<JsonElement>("/api/v1/users/me");

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal("moderator", (await change.ReadJsonAsync()).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, oldToken.StatusCode);
        Assert.Equal("moderator", me.GetProperty("role").GetString());
        var audit = await fixture.Api.WithDbAsync(db => db.AuditLogs.SingleAsync(a => a.UserId == target.Id && a.Action == "admin.role_change"));
        Assert.Equal(admin.Id, audit.ActorId);
    }

    [Fact]
    public async Task Role_change_rejects_unknown_roles_unknown_users_and_the_admin_themself()
    {
        var admin = await fixture.Api.CreateSignedInUserAsync(Roles.Admin);
        var target = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(admin);

        using var badRole = await client.PutAsJsonAsync($"/api/v1/admin/users/{target.Id}/role", new { role = "superuser" });
        using var missing = await client.PutAsJsonAsync($"/api/v1/admin/users/{Guid.NewGuid()}/role", new { role = "user" });
        using var self = await client.PutAsJsonAsync($"/api/v1/admin/users/{admin.Id}/role", new { role = "user" });

        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_kills_its_tokens_and_refuses_sign_in_until_enabled()
    {
        var admin = await fixture.Api.CreateSignedInUserAsync(Roles.Admin);
        var target = await fixture.Api.CreateSignedInUserAsync();
        using var adminClient = fixture.Api.CreateClient(admin);

        using var disable = await adminClient.PostAsync($"/api/v1/admin/users/{target.Id}/disable", null);
        using var me = await fixture.Api.CreateClient(target).GetAsync("/api/v1/users/me");
        using var refresh = await fixture.Api.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = target.RefreshToken });
        using var login = await fixture.Api.CreateClient().LoginRawAsync(target.Email, target.Password);

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.False((await disable.ReadJsonAsync()).GetProperty("is_active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);

        using var enable = await adminClient.PostAsync($"/api/v1/admin/users/{target.Id}/enable", null);
        using var loginAgain = await fixture.Api.CreateClient().LoginRawAsync(target.Email, target.Password);
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loginAgain.StatusCode);
    }

    [Fact]
    public async Task Enabling_an_enabled_account_yourself_included_changes_nothing_and_keeps_its_tokens()
    {
        var admin = await fixture.Api.CreateSignedInUserAsync(Roles.Admin);
        var target = await fixture.Api.CreateSignedInUserAsync();
        using var adminClient = fixture.Api.CreateClient(admin);

        using var self = await adminClient.PostAsync($"/api/v1/admin/users/{admin.Id}/enable", null);
        using var other = await adminClient.PostAsync($"/api/v1/admin/users/{target.Id}/enable", null);
        using var adminMe = await adminClient.GetAsync("/api/v1/users/me");
        using var targetMe = await fixture.Api.CreateClient(target).GetAsync("/api/v1/users/me");

        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.True((await self.ReadJsonAsync()).GetProperty("is_active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminMe.StatusCode);
        Assert.Equal(HttpStatusCode.OK, targetMe.StatusCode);
    }
}
