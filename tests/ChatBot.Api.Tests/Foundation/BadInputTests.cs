using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;

namespace ChatBot.Api.Tests.Foundation;

/// <summary>Odd but possible input gets a 4xx problem, never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("{\"question\": null, \"answer\": \"a\"}", "question")]
    [InlineData("{\"question\": \"q?\", \"answer\": \"a\", \"alternates\": null}", null)]
    [InlineData("{\"question\": \"q?\", \"answer\": \"a\", \"alternates\": [null, \"ok?\"]}", null)]
    [InlineData("{\"question\": \"q?\", \"answer\": \"a\", \"language\": \"en-abcdefgh-abcdefgh\"}", "language")]
    public async Task Faq_bodies_with_nulls_or_overlong_tags_are_answered_without_a_crash(string body, string? field)
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));

        using var response = await moderator.PostAsync("/api/v1/faqs", new StringContent(body, Encoding.UTF8, "application/json"));

        if (field is null)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        }
    }

    [Theory]
    [InlineData("/api/v1/conversations?page=2147483647")]
    [InlineData("/api/v1/faqs?page=2147483647")]
    [InlineData("/api/v1/chat/messages/01a2138e-9c83-7575-af7f-d3d195a63fa9/stream?after=-2")]
    public async Task Out_of_range_query_values_are_validation_problems(string url)
    {
        using var client = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_chat_language_longer_than_the_column_is_rejected()
    {
        using var client = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        using var response = await client.PostAsJsonAsync("/api/v1/chat/send", new { message = "hello", language = "en-abcdefgh-abcdefgh" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Import_rows_naming_unknown_categories_and_malformed_uploads_are_400s()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));

        using var unknownCategory = await moderator.PostAsJsonAsync("/api/v1/faqs/import", new[] { new { question = "q?", answer = "a", category_id = 987654 } });
        using var noBoundary = await moderator.PostAsync("/api/v1/faqs/import", new StringContent("garbage", Encoding.UTF8, "multipart/form-data"));

        Assert.Equal(HttpStatusCode.BadRequest, unknownCategory.StatusCode);
        Assert.Contains("row 1: category_id", (await unknownCategory.ReadJsonAsync()).GetProperty("errors").GetProperty("rows")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(noBoundary.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType });
    }

    [Theory]
    [InlineData("/api/v1/faqs?search=refund%00", "search")]
    [InlineData("/api/v1/faqs/search?q=refund%00please", "q")]
    [InlineData("/api/v1/conversations?q=%00", "q")]
    public async Task A_nul_character_in_a_query_is_a_400_naming_the_parameter(string url, string field)
    {
        using var client = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_nul_character_in_a_json_body_is_a_400_naming_the_field_and_nothing_is_written()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        using var anonymous = fixture.Api.CreateClient();

        using var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "a\0@example.com", password = "x" });
        using var chat = await client.PostAsJsonAsync("/api/v1/chat/send", new { message = "where is my parcel\0" });

        foreach (var (response, field) in new[] { (login, "email"), (chat, "message") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.ReadJsonAsync()).GetProperty("errors");
            Assert.Contains("NUL", errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await fixture.Api.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.Conversations, c => c.UserId == user.Id)));
    }

    [Fact]
    public async Task Inputs_that_were_500s_in_a_fuzz_run_are_400s()
    {
        using var admin = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Core.Identity.Roles.Admin));
        using var truncatedForm = new StringContent("""[{"question": "q?", "answer": "a"}]""");
        truncatedForm.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        using var textCategory = new StringContent("""[{"question": "q?", "answer": "a", "category_id": "7"}]""", System.Text.Encoding.UTF8, "application/json");

        using var form = await admin.PostAsync("/api/v1/faqs/import", truncatedForm);
        using var category = await admin.PostAsync("/api/v1/faqs/import", textCategory);
        using var resume = await admin.GetAsync($"/api/v1/chat/messages/{Guid.NewGuid()}/stream?after={long.MaxValue}");

        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, category.StatusCode);
        Assert.Contains("category_id", await category.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, resume.StatusCode);
        Assert.Equal("application/problem+json", resume.Content.Headers.ContentType?.MediaType);
    }
}
