using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Knowledge;

[Collection(KnowledgeCollection.Name)]
public sealed class FaqManagementTests(KnowledgeFixture fixture)
{
    [Fact]
    public async Task Moderator_creates_reads_updates_and_deletes_an_faq_and_its_vectors()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));

        using var created = await moderator.PostAsJsonAsync("/api/v1/faqs", new
        {
            question = "Do you ship abroad?",
            answer = "We ship to 40 countries.",
            alternates = new[] { "international delivery", "ship to Canada?" },
            tags = new[] { "Shipping" },
        });
        var faq = await created.ReadJsonAsync();
        var id = faq.GetProperty("id").GetInt32();
        var variants = await fixture.Api.WithDbAsync(db => db.FaqVariants.Where(v => v.FaqId == id).OrderBy(v => v.Ordinal).ToListAsync());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/faqs/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(["shipping"], faq.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("local:all-minilm-l6-v2", faq.GetProperty("embedding_model").GetString());
        Assert.Equal(["Do you ship abroad?", "international delivery", "ship to Canada?"], variants.Select(v => v.Text));
        Assert.All(variants, v => Assert.Equal(384, v.Embedding.ToArray().Length));

        using var updated = await moderator.PutAsJsonAsync($"/api/v1/faqs/{id}", new { question = "Do you ship internationally?", answer = "Yes, to 40 countries." });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(1, await fixture.Api.WithDbAsync(db => db.FaqVariants.CountAsync(v => v.FaqId == id)));

        using var deleted = await moderator.DeleteAsync($"/api/v1/faqs/{id}");
        using var gone = await moderator.GetAsync($"/api/v1/faqs/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(0, await fixture.Api.WithDbAsync(db => db.FaqVariants.CountAsync(v => v.FaqId == id)));
    }

    [Fact]
    public async Task Users_read_but_cannot_write_and_anonymous_cannot_read()
    {
        using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        using var create = await user.PostAsJsonAsync("/api/v1/faqs", new { question = "q?", answer = "a" });
        using var import = await user.PostAsJsonAsync("/api/v1/faqs/import", new[] { new { question = "q?", answer = "a" } });
        using var list = await user.GetAsync("/api/v1/faqs");
        using var anonymous = await fixture.Api.CreateClient().GetAsync("/api/v1/faqs");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Invalid_faq_fields_are_named_in_a_validation_problem()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));

        using var response = await moderator.PostAsJsonAsync("/api/v1/faqs", new { question = " ", answer = "a", language = "not a tag", category_id = 987654 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("question", out _));
        Assert.True(errors.TryGetProperty("language", out _));
        Assert.True(errors.TryGetProperty("category_id", out _));
    }

    [Fact]
    public async Task Import_is_all_or_nothing_and_names_the_bad_rows()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var before = await fixture.Api.WithDbAsync(db => db.Faqs.CountAsync());
        var marker = Guid.NewGuid().ToString("N");

        using var response = await moderator.PostAsJsonAsync("/api/v1/faqs/import", new object[]
        {
            new { id = $"{marker}-1", question = "Fine question?", answer = "Fine answer." },
            new { id = $"{marker}-2", question = "", answer = "No question." },
            new { id = $"{marker}-3", question = "Alternates wrong?", answer = "x", alternates = "not a list" },
            new { id = $"{marker}-1", question = "Duplicate id?", answer = "y" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rows = (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("rows").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(rows, r => r.StartsWith("row 2:", StringComparison.Ordinal) && r.Contains("question", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("row 3:", StringComparison.Ordinal) && r.Contains("alternates", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("row 4:", StringComparison.Ordinal) && r.Contains("external_id", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.StartsWith("row 1:", StringComparison.Ordinal));
        Assert.Equal(before, await fixture.Api.WithDbAsync(db => db.Faqs.CountAsync()));
    }

    [Fact]
    public async Task An_import_above_the_row_limit_is_refused_naming_the_file_and_the_limit()
    {
        await using var api = fixture.CreateApi(new Dictionary<string, string?> { ["Import:MaxRows"] = "3" });
        using var moderator = api.CreateClient(await api.CreateSignedInUserAsync(Roles.Moderator));
        var marker = Guid.NewGuid().ToString("N");
        object Row(int i) => new { id = $"{marker}-{i}", question = $"Limit question {i}?", answer = "An answer." };

        using var four = await moderator.PostAsJsonAsync("/api/v1/faqs/import", Enumerable.Range(1, 4).Select(Row));
        using var fourCsv = await moderator.PostAsync("/api/v1/faqs/import",
            new StringContent("question,answer\n" + string.Concat(Enumerable.Range(1, 4).Select(i => $"Csv question {i}?,An answer.\n")), Encoding.UTF8, "text/csv"));
        // Three rows are within the limit: this file is refused for its bad row, not its size (and nothing is queued).
        using var three = await moderator.PostAsJsonAsync("/api/v1/faqs/import", new[] { Row(1), Row(2), new { id = $"{marker}-3", question = "", answer = "x" } });

        Assert.Equal(HttpStatusCode.BadRequest, four.StatusCode);
        Assert.Equal("application/problem+json", four.Content.Headers.ContentType?.MediaType);
        var errors = (await four.ReadJsonAsync()).GetProperty("errors");
        Assert.Equal("The file holds 4 FAQs; one import takes at most 3 (Import:MaxRows). Split it into smaller files.", errors.GetProperty("file")[0].GetString());
        Assert.False(errors.TryGetProperty("rows", out _));
        Assert.Equal(HttpStatusCode.BadRequest, fourCsv.StatusCode);
        Assert.True((await fourCsv.ReadJsonAsync()).GetProperty("errors").TryGetProperty("file", out _));
        Assert.Equal(HttpStatusCode.BadRequest, three.StatusCode);
        var threeErrors = (await three.ReadJsonAsync()).GetProperty("errors");
        Assert.False(threeErrors.TryGetProperty("file", out _));
        Assert.StartsWith("row 3:", threeErrors.GetProperty("rows")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_import_reads_alternates_and_tags_and_reimport_updates_by_external_id()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var id = $"csv-{Guid.NewGuid():N}";
        var csv = $"external_id,question,answer,alternates,tags,category,language\n{id},\"How do I pay, by card?\",Use any card.,pay with visa|card payment,billing|cards,Billing CSV,en\n";

        var first = await KnowledgeTestData.ImportAndWaitAsync(moderator, new StringContent(csv, Encoding.UTF8, "text/csv"));
        // The second comes as the web app sends it: a multipart form upload whose file name says CSV.
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(csv.Replace("Use any card.", "Use any card or PayPal.", StringComparison.Ordinal), Encoding.UTF8, "text/csv"), "file", "update.csv" },
        };
        var second = await KnowledgeTestData.ImportAndWaitAsync(moderator, upload);

        Assert.Equal("completed", first.GetProperty("status").GetString());
        Assert.Equal(1, first.GetProperty("created").GetInt32());
        Assert.Equal(1, second.GetProperty("updated").GetInt32());
        Assert.Equal(0, second.GetProperty("created").GetInt32());
        Assert.Equal("update.csv", second.GetProperty("file_name").GetString());
        var faq = await fixture.Api.WithDbAsync(db => db.Faqs.Include(f => f.Category).SingleAsync(f => f.ExternalId == id));
        Assert.Equal("How do I pay, by card?", faq.Question);
        Assert.Equal("Use any card or PayPal.", faq.Answer);
        Assert.Equal(["pay with visa", "card payment"], faq.Alternates);
        Assert.Equal(["billing", "cards"], faq.Tags);
        Assert.Equal("billing-csv", faq.Category!.Slug);
    }

    [Fact]
    public async Task Import_progress_streams_as_server_sent_events_until_the_worker_completes_it()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var marker = Guid.NewGuid().ToString("N");
        var rows = Enumerable.Range(1, 5).Select(i => new { id = $"{marker}-{i}", question = $"Streamed question {i} {marker}?", answer = $"Answer {i}." }).ToArray();

        using var accepted = await moderator.PostAsJsonAsync("/api/v1/faqs/import", rows);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var queued = await accepted.ReadJsonAsync();
        Assert.Equal(5, queued.GetProperty("total_rows").GetInt32());
        using var stream = await moderator.GetAsync($"{accepted.Headers.Location}/events", HttpCompletionOption.ResponseHeadersRead);
        var events = new List<SseReader.SseEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var e in SseReader.ReadAsync(stream, timeout.Token))
        {
            events.Add(e);
        }

        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.All(events, e => Assert.Equal("progress", e.Event));
        var last = events[^1].Data;
        Assert.Equal("completed", last.GetProperty("status").GetString());
        Assert.Equal(5, last.GetProperty("done_rows").GetInt32());
        Assert.Equal(5, last.GetProperty("created").GetInt32());
        Assert.Equal(5, await fixture.Api.WithDbAsync(db => db.Faqs.CountAsync(f => f.ExternalId!.StartsWith(marker) && f.EmbeddedAt != null)));
        using var unknown = await moderator.GetAsync($"/api/v1/faqs/import/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Import_rejects_unknown_media_types_with_415()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));

        using var response = await moderator.PostAsync("/api/v1/faqs/import", new StringContent("<faqs/>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Categories_form_a_tree_filter_listings_with_subcategories_and_refuse_cycles()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var parent = await (await moderator.PostAsJsonAsync("/api/v1/faqs/categories", new { name = $"Accounts {suffix}" })).ReadJsonAsync();
        var parentId = parent.GetProperty("id").GetInt32();
        var child = await (await moderator.PostAsJsonAsync("/api/v1/faqs/categories", new { name = $"Security {suffix}", parent_id = parentId })).ReadJsonAsync();
        var childId = child.GetProperty("id").GetInt32();
        using var inChild = await moderator.PostAsJsonAsync("/api/v1/faqs", new { question = "How do I turn on two-factor login?", answer = "Settings > Security.", category_id = childId });

        var tree = await moderator.GetFromJsonAsync<JsonElement[]>("/api/v1/faqs/categories");
        var listed = await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/faqs?category={parentId}");
        using var cycle = await moderator.PutAsJsonAsync($"/api/v1/faqs/categories/{parentId}", new { name = $"Accounts {suffix}", parent_id = childId });
        using var deleteParent = await moderator.DeleteAsync($"/api/v1/faqs/categories/{parentId}");

        var node = tree!.Single(c => c.GetProperty("id").GetInt32() == parentId);
        Assert.Equal(childId, node.GetProperty("children")[0].GetProperty("id").GetInt32());
        Assert.Equal($"accounts-{suffix}", node.GetProperty("slug").GetString());
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, deleteParent.StatusCode);
    }

    [Fact]
    public async Task Listing_finds_faqs_by_text_in_question_alternates_or_answer()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var marker = $"zq{Guid.NewGuid():N}"[..12];
        foreach (var (question, answer, alternate) in new[]
                 {
                     ($"Where is the {marker} desk?", "On the first floor.", "desk location"),
                     ("Opening hours?", $"The {marker.ToUpperInvariant()} desk opens at nine.", "when do you open"),
                     ("Parking?", "Behind the building.", $"is there {marker} parking"),
                     ("Unrelated?", "Nothing to see.", "nothing"),
                 })
        {
            using var created = await moderator.PostAsJsonAsync("/api/v1/faqs", new { question, answer, alternates = new[] { alternate } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/faqs?q={marker}&page_size=10");
        var wildcard = await moderator.GetFromJsonAsync<JsonElement>("/api/v1/faqs?q=%25_%25&page_size=10");

        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), f => f.GetProperty("question").GetString() == "Unrelated?");
        Assert.Equal(0, wildcard.GetProperty("total").GetInt32());
    }
}
