using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;

namespace ChatBot.Api.Tests.Users;

[Collection(ApiCollection.Name)]
public sealed class SessionTests(ApiFixture fixture)
{
    [Fact]
    public async Task Sessions_list_each_device_and_revoking_one_signs_only_it_out()
    {
        var laptop = await fixture.Api.CreateSignedInUserAsync();
        var phone = await fixture.Api.CreateClient().LoginAsync(laptop with { });
        using var laptopClient = fixture.Api.CreateClient(laptop);
        using var phoneClient = fixture.Api.CreateClient(phone);

        var sessions = await laptopClient.GetFromJsonAsync<JsonElement[]>("/api/v1/users/me/sessions");
        Assert.Equal(2, sessions!.Length);
        var phoneSession = sessions.Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();

        using var revoke = await laptopClient.DeleteAsync($"/api/v1/users/me/sessions/{phoneSession}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phoneClient.GetAsync("/api/v1/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptopClient.GetAsync("/api/v1/users/me")).StatusCode);
        Assert.Single((await laptopClient.GetFromJsonAsync<JsonElement[]>("/api/v1/users/me/sessions"))!);
    }
}
