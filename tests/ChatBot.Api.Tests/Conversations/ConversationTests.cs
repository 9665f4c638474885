using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Conversations;

[Collection(ChatCollection.Name)]
public sealed class ConversationTests(ChatFixture fixture)
{
    private static async Task<Guid> StartAsync(HttpClient client, string message) =>
        (await (await client.PostAsync("/api/v1/chat/send", ChatFixture.Message(message))).ReadJsonAsync()).GetProperty("conversation_id").GetGuid();

    [Fact]
    public async Task Conversations_list_newest_first_and_search_titles_and_message_text()
    {
        using var client = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var hours = await StartAsync(client, "when are you open?");
        var refund = await StartAsync(client, "how long does a refund take?");

        var all = await client.GetFromJsonAsync<JsonElement>("/api/v1/conversations");
        var byAnswerText = await client.GetFromJsonAsync<JsonElement>("/api/v1/conversations?q=business+days");
        var none = await client.GetFromJsonAsync<JsonElement>("/api/v1/conversations?q=zebra");

        Assert.Equal([refund, hours], all.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        Assert.Equal(refund, Assert.Single(byAnswerText.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(0, none.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Renaming_archiving_and_deleting_a_conversation()
    {
        using var client = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var id = await StartAsync(client, "when are you open?");

        using var rename = await client.PutAsJsonAsync($"/api/v1/conversations/{id}", new { title = "Opening hours", archived = true });
        var archived = await client.GetFromJsonAsync<JsonElement>("/api/v1/conversations?status=archived");
        using var delete = await client.DeleteAsync($"/api/v1/conversations/{id}");
        using var gone = await client.GetAsync($"/api/v1/conversations/{id}");

        Assert.Equal("Opening hours", (await rename.ReadJsonAsync()).GetProperty("title").GetString());
        Assert.Equal(id, archived.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(0, await fixture.Api.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == id)));
    }

    [Fact]
    public async Task Feedback_on_an_answer_is_stored_counted_and_replaceable()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        await client.PatchAsJsonAsync("/api/v1/users/me", new { data_processing_consent = true });
        var answer = await (await client.PostAsync("/api/v1/chat/send", ChatFixture.Message("how do I freeze my card?"))).ReadJsonAsync();
        var messageId = answer.GetProperty("message_id").GetGuid();

        using var down = await client.PostAsJsonAsync($"/api/v1/messages/{messageId}/feedback", new { rating = "down", comment = "too short" });
        using var up = await client.PostAsJsonAsync($"/api/v1/messages/{messageId}/feedback", new { rating = "up" });
        using var invalid = await client.PostAsJsonAsync($"/api/v1/messages/{messageId}/feedback", new { rating = "meh" });

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal("up", (await up.ReadJsonAsync()).GetProperty("feedback").GetProperty("rating").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var conversation = await fixture.Api.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == answer.GetProperty("conversation_id").GetGuid()));
        Assert.Equal(1, conversation.ThumbsUpCount);
        Assert.Equal(0, conversation.ThumbsDownCount);
        Assert.Equal(2, await fixture.Api.WithDbAsync(db => db.AnalyticsEvents.CountAsync(e => e.MessageId == messageId && e.Name == "chat.feedback")));
    }

    [Fact]
    public async Task A_handoff_request_shows_up_for_moderators_until_resolved()
    {
        using var client = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var id = await StartAsync(client, "I need help with something unusual");
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));

        using var handoff = await client.PostAsJsonAsync($"/api/v1/conversations/{id}/handoff", new { reason = "bot could not help" });
        var queue = await moderator.GetFromJsonAsync<JsonElement[]>("/api/v1/handoffs");
        using var asUser = await client.GetAsync("/api/v1/handoffs");
        using var resolve = await moderator.PostAsync($"/api/v1/handoffs/{id}/resolve", null);
        var after = await moderator.GetFromJsonAsync<JsonElement[]>("/api/v1/handoffs");

        Assert.Equal(HttpStatusCode.Accepted, handoff.StatusCode);
        var item = Assert.Single(queue!, q => q.GetProperty("conversation_id").GetGuid() == id);
        Assert.Equal("I need help with something unusual", item.GetProperty("last_user_message").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, resolve.StatusCode);
        Assert.DoesNotContain(after!, q => q.GetProperty("conversation_id").GetGuid() == id);
    }

    [Fact]
    public async Task Moderators_see_handoffs_and_read_the_conversation_with_personal_data_masked()
    {
        var owner = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(owner);
        var id = await StartAsync(client, "please call me on +1 415 555 0100, my parcel is lost");
        await client.PostAsJsonAsync($"/api/v1/conversations/{id}/handoff", new { reason = "lost parcel" });
        (await client.PutAsJsonAsync($"/api/v1/conversations/{id}", new { title = "parcel for jane.doe@mail.example" })).EnsureSuccessStatusCode();
        var moderatorUser = await fixture.Api.CreateSignedInUserAsync(Roles.Moderator);
        using var moderator = fixture.Api.CreateClient(moderatorUser);

        var item = (await moderator.GetFromJsonAsync<JsonElement[]>("/api/v1/handoffs"))!.Single(q => q.GetProperty("conversation_id").GetGuid() == id);
        using var review = await moderator.GetAsync($"/api/v1/moderation/conversations/{id}");
        using var asOwner = await client.GetAsync($"/api/v1/moderation/conversations/{id}");
        using var unknown = await moderator.GetAsync($"/api/v1/moderation/conversations/{Guid.NewGuid()}");

        Assert.Equal($"{owner.Email[0]}***@example.com", item.GetProperty("user_email").GetString());
        Assert.Equal("please call me on [phone], my parcel is lost", item.GetProperty("last_user_message").GetString());
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Equal("parcel for [email]", item.GetProperty("title").GetString());
        var reviewed = await review.ReadJsonAsync();
        Assert.Equal("parcel for [email]", reviewed.GetProperty("conversation").GetProperty("title").GetString());
        var messages = reviewed.GetProperty("messages").GetProperty("items");
        Assert.Equal("please call me on [phone], my parcel is lost", messages[0].GetProperty("content").GetString());
        Assert.Equal("assistant", messages[1].GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, asOwner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True(await fixture.Api.WithDbAsync(db => db.AuditLogs.AnyAsync(a => a.Action == "moderation.conversation_review" && a.ActorId == moderatorUser.Id)));
    }
}
