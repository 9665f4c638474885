using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Api.Tests.Privacy;
using ChatBot.Core.Analytics;
using ChatBot.Core.Conversations;
using ChatBot.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Api.Tests.Analytics;

[Collection(AnalyticsCollection.Name)]
public sealed class AnalyticsTests(AnalyticsFixture fixture)
{
    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_dashboard_counts_todays_answers_feedback_handoffs_blocks_citations_and_unanswered_questions_live()
    {
        using var admin = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Admin));
        var before = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/analytics/dashboard?from={Today}&to={Today}");
        var asker = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(asker);
        using var consent = await client.PutAsJsonAsync("/api/v1/users/me/consent", new { gdpr_consent = true, data_processing_consent = true, marketing_consent = false });
        var unanswered = $"Can I pay for parcel {Guid.NewGuid():N} with seashells?";

        var (conversation, answer) = await PrivacyTestSteps.ChatAsync(client, "How do I reset my password?");
        await PrivacyTestSteps.ChatAsync(client, unanswered, conversation);
        await PrivacyTestSteps.ChatAsync(client, unanswered.Replace("Can I pay", "Is it possible to pay", StringComparison.Ordinal));
        using var up = await client.PostAsJsonAsync($"/api/v1/messages/{answer}/feedback", new { rating = "up" });
        using var handoff = await client.PostAsJsonAsync($"/api/v1/conversations/{conversation}/handoff", new { reason = "person please" });
        using var blocked = await client.PostAsync("/api/v1/chat/send", ChatFixture.Message("you should kill yourself"));
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/analytics/dashboard?from={Today}&to={Today}");

        Assert.Equal(3, Delta("answers"));
        Assert.Equal(1, Delta("handoffs"));
        Assert.Equal(1, after.GetProperty("feedback").GetProperty("up").GetInt64() - before.GetProperty("feedback").GetProperty("up").GetInt64());
        Assert.Equal(1, Count(after.GetProperty("moderation_blocks"), "category", "blocked_terms") - Count(before.GetProperty("moderation_blocks"), "category", "blocked_terms"));
        Assert.Equal(1, Count(after.GetProperty("top_faqs"), "faq_id", fixture.FaqIds["password"]) - Count(before.GetProperty("top_faqs"), "faq_id", fixture.FaqIds["password"]));
        Assert.Contains(after.GetProperty("tokens_by_model").EnumerateArray(), m => m.GetProperty("model").GetString() == "local-retrieval" && m.GetProperty("prompt_tokens").GetInt64() > 0);
        Assert.True(after.GetProperty("answer_latency_ms").GetProperty("p95").GetInt32() >= after.GetProperty("answer_latency_ms").GetProperty("p50").GetInt32());
        Assert.True(after.GetProperty("fallback_rate").GetDouble() > 0);
        Assert.True(after.GetProperty("active_users").GetProperty("wau").GetInt64() >= 1);
        // The two wordings of the unanswered question are one group, asked twice.
        var group = Assert.Single(after.GetProperty("unanswered_questions").EnumerateArray(), q => q.GetProperty("question").GetString()!.Contains("seashells", StringComparison.Ordinal));
        Assert.Equal(2, group.GetProperty("count").GetInt32());

        long Delta(string name) => after.GetProperty(name).GetInt64() - before.GetProperty(name).GetInt64();
    }

    [Fact]
    public async Task A_changed_rating_counts_once_as_the_new_rating()
    {
        using var admin = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Admin));
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        var (_, answer) = await PrivacyTestSteps.ChatAsync(client, "How long does a refund take?");
        var before = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/analytics/dashboard?from={Today}&to={Today}")).GetProperty("feedback");

        using var up = await client.PostAsJsonAsync($"/api/v1/messages/{answer}/feedback", new { rating = "up" });
        using var down = await client.PostAsJsonAsync($"/api/v1/messages/{answer}/feedback", new { rating = "down" });
        var after = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/analytics/dashboard?from={Today}&to={Today}")).GetProperty("feedback");

        Assert.Equal(0, after.GetProperty("up").GetInt64() - before.GetProperty("up").GetInt64());
        Assert.Equal(1, after.GetProperty("down").GetInt64() - before.GetProperty("down").GetInt64());
    }

    [Fact]
    public async Task Past_days_are_read_from_the_workers_rollups_and_today_is_live()
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-40);
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var user = await fixture.Api.CreateSignedInUserAsync();
        var conversation = new Conversation
        {
            UserId = user.Id,
            CreatedAt = at,
            UpdatedAt = at.AddMinutes(5),
            LastMessageAt = at.AddMinutes(5),
            MessageCount = 4,
            Messages =
            [
                new Message { Role = MessageRole.User, Content = "q1", CreatedAt = at },
                new Message { Role = MessageRole.Assistant, Content = "a1", CreatedAt = at.AddSeconds(1), Sources = [new CitedSource { FaqId = fixture.FaqIds["refund"], Question = "r" }] },
                new Message { Role = MessageRole.User, Content = "q2", CreatedAt = at.AddMinutes(4) },
                new Message { Role = MessageRole.Assistant, Content = "a2", CreatedAt = at.AddMinutes(5), IsFallback = true },
            ],
        };
        var latencies = new[] { 80, 120, 180, 2500 };
        await fixture.Api.WithDbAsync(async db =>
        {
            await db.AnalyticsRollups.ExecuteDeleteAsync();
            db.Conversations.Add(conversation);
            db.AnalyticsEvents.AddRange(latencies.Select((ms, i) => new AnalyticsEvent
            {
                Name = AnalyticsEventNames.ChatTurn,
                OccurredAt = at.AddMinutes(i),
                LatencyMs = ms,
                PromptTokens = 100,
                CompletionTokens = 10,
                IsFallback = i == 3,
                Properties = """{"model":"model-x"}""",
            }));
            return await db.SaveChangesAsync();
        });

        await using (var scope = fixture.Worker!.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<AnalyticsRollupService>().RollUpAsync(CancellationToken.None) >= 40);
        }

        // The live rows of that day change (retention, a user's erasure): the figures for it stay as rolled up.
        await fixture.Api.WithDbAsync(async db =>
            await db.AnalyticsEvents.Where(e => e.OccurredAt >= at && e.OccurredAt < at.AddHours(1)).ExecuteDeleteAsync() +
            await db.Conversations.Where(c => c.Id == conversation.Id).ExecuteDeleteAsync());
        using var admin = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Admin));
        var dashboard = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/analytics/dashboard?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        var weeks = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/analytics/conversations?from={day:yyyy-MM-dd}&to={day.AddDays(13):yyyy-MM-dd}&granularity=week");

        Assert.Equal(4, dashboard.GetProperty("answers").GetInt64());
        Assert.Equal(0.25, dashboard.GetProperty("fallback_rate").GetDouble());
        Assert.Equal(1, dashboard.GetProperty("conversations").GetInt64());
        Assert.Equal(4, dashboard.GetProperty("messages").GetInt64());
        var model = Assert.Single(dashboard.GetProperty("tokens_by_model").EnumerateArray());
        Assert.Equal(("model-x", 400L, 40L), (model.GetProperty("model").GetString(), model.GetProperty("prompt_tokens").GetInt64(), model.GetProperty("completion_tokens").GetInt64()));
        // Bucket estimates: the median lies in the 150 ms bucket, p95 in the 3 s one.
        Assert.InRange(dashboard.GetProperty("answer_latency_ms").GetProperty("p50").GetInt32(), 100, 150);
        Assert.InRange(dashboard.GetProperty("answer_latency_ms").GetProperty("p95").GetInt32(), 2000, 3000);
        Assert.Equal(fixture.FaqIds["refund"], Assert.Single(dashboard.GetProperty("top_faqs").EnumerateArray()).GetProperty("faq_id").GetInt32());

        var periods = weeks.GetProperty("periods").EnumerateArray().ToList();
        Assert.InRange(periods.Count, 2, 3);
        var first = periods[0];
        Assert.Equal(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), first.GetProperty("from").GetString());
        Assert.Equal(1, first.GetProperty("conversations").GetInt64());
        Assert.Equal(4, first.GetProperty("average_messages").GetDouble());
        Assert.Equal(300, first.GetProperty("average_duration_seconds").GetDouble());
        Assert.Equal(1, first.GetProperty("resolution_rate").GetDouble());
        Assert.Equal(0, first.GetProperty("handoff_rate").GetDouble());
        Assert.All(periods.Skip(1), p => Assert.Equal(0, p.GetProperty("conversations").GetInt64()));
        Assert.True(await fixture.Api.WithDbAsync(db => db.AnalyticsRollups.AnyAsync(r => r.Day == day && r.Metric == AnalyticsMetrics.RolledUp)));
    }

    [Theory]
    [InlineData("from=2026-05-02&to=2026-05-01", "from")]
    [InlineData("from=2024-01-01&to=2026-01-01", "from")]
    [InlineData("from=2026-13-45", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("granularity=month", "granularity")]
    [InlineData("from=9999-12-30&to=9999-12-31", "to")]
    [InlineData("to=0001-01-03", "to")]
    public async Task Bad_ranges_are_400_problem_details_naming_the_field(string query, string field)
    {
        using var admin = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Admin));

        using var response = await admin.GetAsync($"/api/v1/analytics/conversations?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_user_reads_their_own_activity_admins_read_anyones_and_nobody_else_reads_any()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var other = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        using var admin = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Admin));
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var (conversation, answer) = await PrivacyTestSteps.ChatAsync(client, "How do I reset my password?");
        await PrivacyTestSteps.ChatAsync(client, "I forgot my password", conversation);
        using var down = await client.PostAsJsonAsync($"/api/v1/messages/{answer}/feedback", new { rating = "down" });

        var own = await client.GetFromJsonAsync<JsonElement>($"/api/v1/analytics/user/{user.Id}");
        using var asAdmin = await admin.GetAsync($"/api/v1/analytics/user/{user.Id}");
        using var othersActivity = await client.GetAsync($"/api/v1/analytics/user/{other.Id}");
        using var asModerator = await moderator.GetAsync($"/api/v1/analytics/user/{user.Id}");
        using var unknown = await admin.GetAsync($"/api/v1/analytics/user/{Guid.NewGuid()}");
        using var dashboardAsUser = await client.GetAsync("/api/v1/analytics/dashboard");

        Assert.Equal(1, own.GetProperty("conversations").GetProperty("total").GetInt32());
        Assert.Equal(4, own.GetProperty("conversations").GetProperty("messages").GetInt32());
        Assert.True(own.GetProperty("tokens").GetProperty("completion").GetInt64() > 0);
        Assert.Equal(1, own.GetProperty("feedback").GetProperty("down").GetInt64());
        Assert.Equal(2, Assert.Single(own.GetProperty("questions_last30_days").EnumerateArray()).GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, othersActivity.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, asModerator.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, dashboardAsUser.StatusCode);
    }

    [Fact]
    public async Task The_weekly_report_is_written_once_with_charts_listed_for_admins_and_mailed_to_those_who_opted_in()
    {
        var optedIn = await fixture.Api.CreateSignedInUserAsync(Roles.Admin);
        var notOptedIn = await fixture.Api.CreateSignedInUserAsync(Roles.Admin);
        using var admin = fixture.Api.CreateClient(optedIn);
        using var optIn = await admin.PatchAsJsonAsync("/api/v1/users/me", new { weekly_report = true });
        Assert.True((await optIn.ReadJsonAsync()).GetProperty("weekly_report").GetBoolean());
        await fixture.Api.WithDbAsync(db => db.AnalyticsReports.ExecuteDeleteAsync());

        await using var scope = fixture.Worker!.Services.CreateAsyncScope();
        var reports = scope.ServiceProvider.GetRequiredService<WeeklyReportService>();
        var report = await reports.WriteLastWeekAsync("https://chat.example/admin/analytics", CancellationToken.None);
        var again = await reports.WriteLastWeekAsync("https://chat.example/admin/analytics", CancellationToken.None);

        Assert.NotNull(report);
        Assert.Null(again);
        Assert.Equal(DayOfWeek.Monday, report.From.DayOfWeek);
        Assert.Equal(6, report.To.DayNumber - report.From.DayNumber);
        var list = await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/analytics/reports");
        var listed = Assert.Single(list!, r => r.GetProperty("id").GetGuid() == report.Id);
        using var download = await admin.GetAsync(listed.GetProperty("download_url").GetString());
        using var asModerator = await fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator)).GetAsync("/api/v1/analytics/reports");
        Assert.Equal("text/html", download.Content.Headers.ContentType?.MediaType);
        var html = await download.Content.ReadAsStringAsync();
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Key figures", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, asModerator.StatusCode);

        var mails = await fixture.Api.WithDbAsync(db => db.OutboxEmails.Where(m => m.Kind == "analytics_report").ToListAsync());
        var mail = Assert.Single(mails);
        Assert.Equal(optedIn.Email, mail.To);
        Assert.Equal("https://chat.example/admin/analytics", mail.Data!["link"]);
        Assert.Contains("conversations", mail.Data!["summary"], StringComparison.Ordinal);
        Assert.DoesNotContain(mails, m => m.To == notOptedIn.Email);
    }

    private static long Count(JsonElement items, string keyName, object key) =>
        items.EnumerateArray().Where(i => i.GetProperty(keyName).ToString() == key.ToString())
            .Select(i => i.TryGetProperty("count", out var c) ? c.GetInt64() : i.GetProperty("citations").GetInt64()).Sum();
}
