using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Privacy;

[Collection(ChatCollection.Name)]
public sealed class ConsentTests(ChatFixture fixture)
{
    [Fact]
    public async Task Put_replaces_the_three_consents_with_a_history_row_and_an_audit_event_per_change()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);

        using var granted = await client.PutAsJsonAsync("/api/v1/users/me/consent", new { gdpr_consent = true, data_processing_consent = true, marketing_consent = false });
        using var withdrawn = await client.PutAsJsonAsync("/api/v1/users/me/consent", new { gdpr_consent = true, data_processing_consent = false, marketing_consent = false });
        var consent = await client.GetFromJsonAsync<JsonElement>("/api/v1/users/me/consent");

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.True(consent.GetProperty("gdpr_consent").GetBoolean());
        Assert.False(consent.GetProperty("data_processing_consent").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, consent.GetProperty("data_processing_consent_at").ValueKind);
        var history = consent.GetProperty("history").EnumerateArray()
            .Select(h => (h.GetProperty("consent_type").GetString(), h.GetProperty("granted").GetBoolean())).Take(3).ToList();
        // Newest first; registration recorded the initial (refused) consents before these.
        Assert.Equal([("data_processing", false), ("data_processing", true), ("gdpr", true)], history);
        Assert.Equal(2, await fixture.Api.WithDbAsync(db => db.AuditLogs.CountAsync(a => a.UserId == user.Id && a.Action == "privacy.consent_change")));
    }

    [Fact]
    public async Task Put_without_all_three_consents_is_a_400_and_changes_nothing()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);

        using var partial = await client.PutAsJsonAsync("/api/v1/users/me/consent", new { gdpr_consent = true });
        using var wrongType = await client.PutAsync("/api/v1/users/me/consent", JsonContent.Create(new { gdpr_consent = "yes", data_processing_consent = true, marketing_consent = true }));

        Assert.Equal(HttpStatusCode.BadRequest, partial.StatusCode);
        Assert.True((await partial.ReadJsonAsync()).GetProperty("errors").TryGetProperty("marketing_consent", out _));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/api/v1/users/me/consent")).GetProperty("gdpr_consent").GetBoolean());
    }

    [Fact]
    public async Task Without_data_processing_consent_usage_is_counted_but_never_linked_to_the_user()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        using var grant = await client.PutAsJsonAsync("/api/v1/users/me/consent", new { gdpr_consent = true, data_processing_consent = true, marketing_consent = false });
        var (linkedConversation, _) = await PrivacyTestSteps.ChatAsync(client, "How do I reset my password?");
        Assert.Equal(1, await fixture.Api.WithDbAsync(db => db.AnalyticsEvents.CountAsync(e => e.UserId == user.Id && e.ConversationId == linkedConversation)));

        using var withdraw = await client.PutAsJsonAsync("/api/v1/users/me/consent", new { gdpr_consent = true, data_processing_consent = false, marketing_consent = false });
        var (conversation, message) = await PrivacyTestSteps.ChatAsync(client, "How do I reset my password?");

        // Past events lost their link; the new turn's event is there, unlinked; the chat itself works as before.
        Assert.Equal(0, await fixture.Api.WithDbAsync(db => db.AnalyticsEvents.CountAsync(e => e.UserId == user.Id || e.ConversationId == linkedConversation || e.ConversationId == conversation)));
        Assert.True(await fixture.Api.WithDbAsync(db => db.Messages.AnyAsync(m => m.Id == message)));
        Assert.True(await fixture.Api.WithDbAsync(db => db.AnalyticsEvents.AnyAsync(e => e.Name == "chat.turn" && e.UserId == null && e.MessageId == null)));
    }
}
