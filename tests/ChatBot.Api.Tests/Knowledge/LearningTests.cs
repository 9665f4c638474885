using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Knowledge;

/// <summary>
/// Issue #16: real user questions become FAQ phrasings through a moderator (or enough distinct users), never through
/// one user alone, and the next matching question is answered from the FAQ.
/// </summary>
[Collection(KnowledgeCollection.Name)]
public sealed class LearningTests(KnowledgeFixture fixture)
{
    private const string Oblique = "the secret word I type to get in stopped working, what now";

    [Fact]
    public async Task A_thumbs_up_suggests_the_question_and_a_moderators_approval_makes_it_a_learned_phrasing()
    {
        await fixture.ResetKnowledgeAsync();
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var (_, ids) = await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        var turn = await AskAsync(user, "How do I reset my password please?");
        Assert.Equal(ids["password"], Assert.Single(turn.Sources));
        using (var up = await user.PostAsJsonAsync($"/api/v1/messages/{turn.AnswerId}/feedback", new { rating = "up" }))
        {
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        }

        var suggestion = Assert.Single(await PendingAsync(moderator), s => s.GetProperty("faq_id").GetInt32() == ids["password"]);
        Assert.Equal("How do I reset my password please?", suggestion.GetProperty("text").GetString());
        Assert.Equal("feedback", suggestion.GetProperty("source").GetString());
        Assert.Equal(turn.QuestionId, suggestion.GetProperty("message_id").GetGuid());
        Assert.Equal(1, suggestion.GetProperty("confirmations").GetInt32());
        // Nothing changed for anyone yet.
        Assert.DoesNotContain("How do I reset my password please?", await AlternatesAsync(moderator, ids["password"]));

        using var approve = await moderator.PostAsJsonAsync("/api/v1/faqs/suggestions/approve", new { ids = new[] { suggestion.GetProperty("id").GetInt64() } });

        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal(1, (await approve.ReadJsonAsync()).GetProperty("reviewed").GetInt32());
        var faq = await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/faqs/{ids["password"]}");
        Assert.Contains("How do I reset my password please?", faq.GetProperty("alternates").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["How do I reset my password please?"], faq.GetProperty("learned_alternates").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Empty(await PendingAsync(moderator));
    }

    [Fact]
    public async Task A_moderator_picks_the_faq_for_an_unanswered_question_and_after_approval_the_same_question_is_answered_from_it()
    {
        await fixture.ResetKnowledgeAsync();
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var (_, ids) = await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        using var asker = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var unanswered = await AskAsync(asker, Oblique);
        Assert.True(unanswered.Fallback, "the oblique question is not answered before anything was learned");

        using var suggest = await moderator.PostAsJsonAsync("/api/v1/faqs/suggestions", new { faq_id = ids["password"], message_id = unanswered.QuestionId });
        Assert.Equal(HttpStatusCode.OK, suggest.StatusCode);
        var suggestion = await suggest.ReadJsonAsync();
        Assert.Equal("moderator", suggestion.GetProperty("source").GetString());
        using (var approve = await moderator.PostAsJsonAsync("/api/v1/faqs/suggestions/approve", new { ids = new[] { suggestion.GetProperty("id").GetInt64() } }))
        {
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        }

        using var next = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var answered = await AskAsync(next, Oblique);

        Assert.False(answered.Fallback);
        Assert.Equal(ids["password"], Assert.Single(answered.Sources));
    }

    [Fact]
    public async Task One_user_confirming_again_and_again_moves_nothing_while_three_distinct_users_auto_approve_when_switched_on()
    {
        await fixture.ResetKnowledgeAsync();
        await using var api = fixture.CreateApi(new Dictionary<string, string?> { ["Learning:AutoApproveAfterUsers"] = "3" });
        using var moderator = api.CreateClient(await api.CreateSignedInUserAsync(Roles.Moderator));
        var (_, ids) = await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        const string phrasing = "How long does a refund take, roughly?";

        var spammer = api.CreateClient(await api.CreateSignedInUserAsync());
        for (var i = 0; i < 5; i++)
        {
            var turn = await AskAsync(spammer, i % 2 == 0 ? phrasing : phrasing.ToUpperInvariant());
            Assert.Equal(ids["refund"], Assert.Single(turn.Sources));
            using var up = await spammer.PostAsJsonAsync($"/api/v1/messages/{turn.AnswerId}/feedback", new { rating = "up" });
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        }

        var pending = Assert.Single(await PendingAsync(moderator));
        Assert.Equal(1, pending.GetProperty("confirmations").GetInt32());
        Assert.DoesNotContain(phrasing, await AlternatesAsync(moderator, ids["refund"]));

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var another = api.CreateClient(await api.CreateSignedInUserAsync());
            var turn = await AskAsync(another, phrasing);
            using var up = await another.PostAsJsonAsync($"/api/v1/messages/{turn.AnswerId}/feedback", new { rating = "up" });
        }

        Assert.Empty(await PendingAsync(moderator));
        var alternates = await AlternatesAsync(moderator, ids["refund"]);
        Assert.Single(alternates, a => a.Equals(phrasing, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(3, await api.WithDbAsync(db => db.FaqSuggestions.CountAsync(s => s.FaqId == ids["refund"] && s.Status == Core.Learning.SuggestionStatus.Approved)));
    }

    [Fact]
    public async Task Questions_with_personal_data_are_never_suggested_and_a_rejected_phrasing_stays_out_of_the_queue()
    {
        await fixture.ResetKnowledgeAsync();
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var (_, ids) = await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        var withEmail = await AskAsync(user, "my email is jane.doe@example.com and my password stopped working");
        using var refused = await moderator.PostAsJsonAsync("/api/v1/faqs/suggestions", new { faq_id = ids["password"], message_id = withEmail.QuestionId });
        Assert.Equal(HttpStatusCode.NoContent, refused.StatusCode);
        Assert.Empty(await PendingAsync(moderator));

        var oblique = await AskAsync(user, Oblique);
        using var suggest = await moderator.PostAsJsonAsync("/api/v1/faqs/suggestions", new { faq_id = ids["hours"], message_id = oblique.QuestionId });
        var wrong = await suggest.ReadJsonAsync();
        using (var reject = await moderator.PostAsJsonAsync("/api/v1/faqs/suggestions/reject", new { ids = new[] { wrong.GetProperty("id").GetInt64() } }))
        {
            Assert.Equal(1, (await reject.ReadJsonAsync()).GetProperty("reviewed").GetInt32());
        }

        using var secondModerator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        using var again = await secondModerator.PostAsJsonAsync("/api/v1/faqs/suggestions", new { faq_id = ids["hours"], message_id = oblique.QuestionId });

        Assert.Equal("rejected", (await again.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Empty(await PendingAsync(moderator));
        Assert.DoesNotContain(Oblique, await AlternatesAsync(moderator, ids["hours"]));
        using var forUser = await user.GetAsync("/api/v1/faqs/suggestions");
        Assert.Equal(HttpStatusCode.Forbidden, forUser.StatusCode);
    }

    [Fact]
    public async Task A_moderator_resolving_a_handoff_with_the_faq_that_answers_it_suggests_the_users_last_question()
    {
        await fixture.ResetKnowledgeAsync();
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var (_, ids) = await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var turn = await AskAsync(user, Oblique);
        Assert.True(turn.Fallback);
        using (var handoff = await user.PostAsJsonAsync($"/api/v1/conversations/{turn.ConversationId}/handoff", new { reason = "the bot did not know" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, handoff.StatusCode);
        }

        using var unknownFaq = await moderator.PostAsJsonAsync($"/api/v1/handoffs/{turn.ConversationId}/resolve", new { faq_id = 999_999 });
        Assert.Empty(await PendingAsync(moderator));
        using var resolve = await moderator.PostAsJsonAsync($"/api/v1/handoffs/{turn.ConversationId}/resolve", new { faq_id = ids["password"] });
        using var again = await moderator.PostAsJsonAsync($"/api/v1/handoffs/{turn.ConversationId}/resolve", new { faq_id = ids["password"] });

        Assert.Equal(HttpStatusCode.NotFound, unknownFaq.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, resolve.StatusCode);
        var suggestion = Assert.Single(await PendingAsync(moderator));
        Assert.Equal(Oblique, suggestion.GetProperty("text").GetString());
        Assert.Equal(ids["password"], suggestion.GetProperty("faq_id").GetInt32());
        Assert.Equal("moderator", suggestion.GetProperty("source").GetString());
        Assert.Equal(turn.QuestionId, suggestion.GetProperty("message_id").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    private sealed record Turn(Guid ConversationId, Guid QuestionId, Guid AnswerId, bool Fallback, int[] Sources);

    /// <summary>A chat turn over JSON, with the id of the user's message read back from the conversation.</summary>
    private static async Task<Turn> AskAsync(HttpClient user, string question)
    {
        using var send = await user.PostAsJsonAsync("/api/v1/chat/send", new { message = question });
        Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        var answer = await send.ReadJsonAsync();
        var conversation = await user.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{answer.GetProperty("conversation_id").GetGuid()}");
        var questionId = conversation.GetProperty("messages").GetProperty("items").EnumerateArray()
            .Single(m => m.GetProperty("role").GetString() == "user").GetProperty("id").GetGuid();
        return new Turn(answer.GetProperty("conversation_id").GetGuid(), questionId, answer.GetProperty("message_id").GetGuid(), answer.GetProperty("fallback").GetBoolean(),
            answer.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("faq_id").GetInt32()).ToArray());
    }

    private static async Task<List<JsonElement>> PendingAsync(HttpClient moderator) =>
        (await moderator.GetFromJsonAsync<JsonElement>("/api/v1/faqs/suggestions?page_size=100")).GetProperty("items").EnumerateArray().ToList();

    private static async Task<List<string>> AlternatesAsync(HttpClient moderator, int faqId) =>
        (await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/faqs/{faqId}")).GetProperty("alternates").EnumerateArray().Select(a => a.GetString()!).ToList();
}
