using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Privacy;

/// <summary>Data portability: the Worker writes the export, only its owner downloads it, and it expires.</summary>
[Collection(ChatCollection.Name)]
public sealed class ExportTests(ChatFixture fixture)
{
    [Fact]
    public async Task The_export_holds_profile_consents_sessions_conversations_messages_feedback_handoffs_and_audit_events()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        using var anonymous = fixture.Api.CreateClient();
        var (conversation, message) = await PrivacyTestSteps.LeaveTracesAsync(client, anonymous, user);

        var status = await PrivacyTestSteps.ExportAsync(client);
        using var download = await client.GetAsync(status.GetProperty("download_url").GetString());

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(status.GetProperty("size_bytes").GetInt64(), download.Content.Headers.ContentLength);
        var document = await download.ReadJsonAsync();
        Assert.Equal(user.Email, document.GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal(user.Username, document.GetProperty("profile").GetProperty("username").GetString());
        Assert.True(document.GetProperty("consents").GetProperty("marketing_consent").GetBoolean());
        Assert.Contains(document.GetProperty("consent_history").EnumerateArray(), c => c.GetProperty("consent_type").GetString() == "marketing");
        Assert.NotEmpty(document.GetProperty("sessions").EnumerateArray());
        Assert.Contains(document.GetProperty("conversations").EnumerateArray(), c => c.GetProperty("id").GetGuid() == conversation);
        var messages = document.GetProperty("messages").EnumerateArray().ToList();
        Assert.Contains(messages, m => m.GetProperty("role").GetString() == "user" && m.GetProperty("content").GetString()!.Contains(user.Username, StringComparison.Ordinal));
        Assert.Contains(messages, m => m.GetProperty("id").GetGuid() == message && m.GetProperty("role").GetString() == "assistant");
        var feedback = Assert.Single(document.GetProperty("feedback").EnumerateArray());
        Assert.Equal("up", feedback.GetProperty("rating").GetString());
        Assert.Equal(conversation, Assert.Single(document.GetProperty("handoffs").EnumerateArray()).GetProperty("conversation_id").GetGuid());
        Assert.Contains(document.GetProperty("moderation_flags").EnumerateArray(), f => f.GetProperty("blocked").GetBoolean());
        Assert.Contains(document.GetProperty("audit_events").EnumerateArray(), a => a.GetProperty("action").GetString() == "auth.login");
        Assert.Contains(document.GetProperty("usage_events").EnumerateArray(), e => e.GetProperty("name").GetString() == "chat.turn");
    }

    [Fact]
    public async Task Only_the_owner_sees_or_downloads_an_export_and_an_expired_one_is_gone()
    {
        var owner = await fixture.Api.CreateSignedInUserAsync();
        var other = await fixture.Api.CreateSignedInUserAsync();
        using var ownerClient = fixture.Api.CreateClient(owner);
        using var otherClient = fixture.Api.CreateClient(other);
        var status = await PrivacyTestSteps.ExportAsync(ownerClient);
        var id = status.GetProperty("id").GetGuid();

        using var otherStatus = await otherClient.GetAsync($"/api/v1/users/me/export/{id}");
        using var otherDownload = await otherClient.GetAsync($"/api/v1/users/me/export/{id}/download");
        using var anonymousDownload = await fixture.Api.CreateClient().GetAsync($"/api/v1/users/me/export/{id}/download");
        var list = await ownerClient.GetFromJsonAsync<JsonElement[]>("/api/v1/users/me/export");
        Assert.Equal(HttpStatusCode.NotFound, otherStatus.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherDownload.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousDownload.StatusCode);
        Assert.Contains(list!, e => e.GetProperty("id").GetGuid() == id);

        await fixture.Api.WithDbAsync(db => db.DataExports.Where(e => e.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        using var expired = await ownerClient.GetAsync($"/api/v1/users/me/export/{id}/download");
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Asking_again_within_the_hour_returns_the_finished_export_instead_of_another_copy()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        var first = await PrivacyTestSteps.ExportAsync(client);

        using var again = await client.PostAsync("/api/v1/users/me/export", null);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var body = await again.ReadJsonAsync();
        Assert.Equal(first.GetProperty("id").GetGuid(), body.GetProperty("id").GetGuid());
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal(1, await fixture.Api.WithDbAsync(db => db.DataExports.CountAsync(e => e.UserId == user.Id)));
    }
}
