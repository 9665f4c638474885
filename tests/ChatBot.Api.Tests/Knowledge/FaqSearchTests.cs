using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;

namespace ChatBot.Api.Tests.Knowledge;

[Collection(KnowledgeCollection.Name)]
public sealed class FaqSearchTests(KnowledgeFixture fixture)
{
    [Fact]
    public async Task An_admin_imports_faqs_and_a_user_finds_the_right_one_by_a_paraphrase()
    {
        await fixture.ResetKnowledgeAsync();
        var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Admin));
        var (category, ids) = await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        var found = await user.GetFromJsonAsync<JsonElement>($"/api/v1/faqs/search?q=my+card+was+stolen,+how+can+I+block+it&category={category}&limit=3");

        var results = found.GetProperty("results");
        Assert.Equal(ids["freeze"], results[0].GetProperty("faq_id").GetInt32());
        Assert.True(results[0].GetProperty("score").GetDouble() >= results[1].GetProperty("score").GetDouble());
        Assert.InRange(results.GetArrayLength(), 2, 3);
        Assert.True(results[0].GetProperty("semantic_score").GetDouble() > 0.3);
    }

    [Fact]
    public async Task Exact_question_is_confident_and_an_off_topic_question_is_not()
    {
        await fixture.ResetKnowledgeAsync();
        var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var (category, ids) = await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        var exact = await user.GetFromJsonAsync<JsonElement>($"/api/v1/faqs/search?q=How+do+I+reset+my+password%3F&category={category}");
        var offTopic = await user.GetFromJsonAsync<JsonElement>($"/api/v1/faqs/search?q=what+is+the+capital+of+mongolia&category={category}");

        Assert.Equal(ids["password"], exact.GetProperty("results")[0].GetProperty("faq_id").GetInt32());
        Assert.True(exact.GetProperty("confident").GetBoolean());
        Assert.False(offTopic.GetProperty("confident").GetBoolean());
    }

    [Fact]
    public async Task A_changed_faq_is_never_served_stale_from_the_cache()
    {
        await fixture.ResetKnowledgeAsync();
        var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var (category, ids) = await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var url = $"/api/v1/faqs/search?q=when+are+you+open&category={category}";
        var before = await user.GetFromJsonAsync<JsonElement>(url);
        var faq = await user.GetFromJsonAsync<JsonElement>($"/api/v1/faqs/{ids["hours"]}");

        using var update = await moderator.PutAsJsonAsync($"/api/v1/faqs/{ids["hours"]}", new
        {
            question = "What are your opening hours?",
            answer = "Support is now open around the clock.",
            alternates = faq.GetProperty("alternates"),
            category_id = category,
        });
        var after = await user.GetFromJsonAsync<JsonElement>(url);
        var reread = await user.GetFromJsonAsync<JsonElement>($"/api/v1/faqs/{ids["hours"]}");

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("Support is open 8:00-20:00 on weekdays.", before.GetProperty("results")[0].GetProperty("answer").GetString());
        Assert.Equal("Support is now open around the clock.", after.GetProperty("results")[0].GetProperty("answer").GetString());
        Assert.Equal("Support is now open around the clock.", reread.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Alternates_are_searchable_words_even_when_the_question_shares_none()
    {
        await fixture.ResetKnowledgeAsync();
        var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var (category, ids) = await KnowledgeTestData.ImportAsync(moderator,
        [
            new { id = "router", question = "My internet is down", answer = "Restart the box.", alternates = new[] { "XJ-9000 blinking orange light" } },
            new { id = "bill", question = "Where is my invoice?", answer = "Under Billing.", alternates = new[] { "download my bill" } },
        ]);
        using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        var found = await user.GetFromJsonAsync<JsonElement>($"/api/v1/faqs/search?q=XJ-9000&category={category}");

        Assert.Equal(ids["router"], found.GetProperty("results")[0].GetProperty("faq_id").GetInt32());
        Assert.True(found.GetProperty("results")[0].GetProperty("lexical_score").GetDouble() > 0);
    }

    [Fact]
    public async Task Search_without_a_query_is_a_validation_problem_and_anonymous_is_401()
    {
        using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        using var empty = await user.GetAsync("/api/v1/faqs/search?q=");
        using var hugeLimit = await user.GetAsync("/api/v1/faqs/search?q=hello&limit=1000");
        using var anonymous = await fixture.Api.CreateClient().GetAsync("/api/v1/faqs/search?q=hello");

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await hugeLimit.ReadJsonAsync()).GetProperty("errors").TryGetProperty("limit", out _), "limit above 50 is named");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
