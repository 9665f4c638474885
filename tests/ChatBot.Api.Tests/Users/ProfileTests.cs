using System.Net;
using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Users;

[Collection(ApiCollection.Name)]
public sealed class ProfileTests(ApiFixture fixture)
{
    [Fact]
    public async Task Patch_changes_only_given_fields_and_records_consent_history()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);

        using var response = await client.PatchAsJsonAsync("/api/v1/users/me",
            new { preferred_language = "de", display_name = "Ada", marketing_consent = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/users/me");
        Assert.Equal("de", me.GetProperty("preferred_language").GetString());
        Assert.Equal("Ada", me.GetProperty("display_name").GetString());
        Assert.Equal(user.Username, me.GetProperty("username").GetString());
        Assert.True(me.GetProperty("marketing_consent").GetBoolean());
        var history = await fixture.Api.WithDbAsync(db => db.ConsentRecords.Where(c => c.UserId == user.Id && c.ConsentType == "marketing")
            .OrderBy(c => c.Id).Select(c => c.Granted).ToListAsync());
        Assert.Equal([false, true], history);
    }

    [Fact]
    public async Task Patch_with_a_bad_language_or_a_taken_username_is_rejected()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var other = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);

        using var badLanguage = await client.PatchAsJsonAsync("/api/v1/users/me", new { preferred_language = "not a language" });
        using var taken = await client.PatchAsJsonAsync("/api/v1/users/me", new { username = other.Username });

        Assert.Equal(HttpStatusCode.BadRequest, badLanguage.StatusCode);
        Assert.True((await badLanguage.ReadJsonAsync()).GetProperty("errors").TryGetProperty("preferred_language", out _));
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }
}
