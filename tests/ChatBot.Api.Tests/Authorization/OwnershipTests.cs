using System.Net;
using ChatBot.Api.Tests.Infrastructure;

namespace ChatBot.Api.Tests.Authorization;

/// <summary>IDOR guard: a resource of one user is invisible to every other user on every verb (404, not 403).</summary>
[Collection(ApiCollection.Name)]
public sealed class OwnershipTests(ApiFixture fixture)
{
    [Theory]
    [MemberData(nameof(OwnedResources.Names), MemberType = typeof(OwnedResources))]
    public async Task Another_users_id_gets_404_on_every_verb(string resourceName)
    {
        var resource = OwnedResources.All.Single(r => r.Name == resourceName);
        var owner = await fixture.Api.CreateSignedInUserAsync();
        var intruder = await fixture.Api.CreateSignedInUserAsync();
        var id = await resource.CreateAsync(fixture, owner);
        using var intruderClient = fixture.Api.CreateClient(intruder);
        using var ownerClient = fixture.Api.CreateClient(owner);

        foreach (var call in resource.Calls)
        {
            using var request = call.ToRequest(id);
            using var response = await intruderClient.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound,
                $"{call.Method} {request.RequestUri} by another user gave {(int)response.StatusCode}, expected 404");
        }

        // The id was real: its owner reaches it (so the 404s above were not about a missing resource).
        foreach (var call in resource.Calls)
        {
            using var request = call.ToRequest(id);
            using var response = await ownerClient.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{call.Method} {request.RequestUri} by its owner gave {(int)response.StatusCode}");
        }
    }
}
