using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Privacy;

/// <summary>The right to be forgotten: nothing about the person stays, in any table or Redis key, and nothing of theirs works.</summary>
[Collection(ChatCollection.Name)]
public sealed class ErasureTests(ChatFixture fixture)
{
    [Fact]
    public async Task Erasing_yourself_leaves_no_row_or_key_with_your_id_email_or_name_and_ends_tokens_and_sockets_at_once()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        using var anonymous = fixture.Api.CreateClient();
        await PrivacyTestSteps.LeaveTracesAsync(client, anonymous, user);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(SocketUri(user), CancellationToken.None);
        var ready = new byte[4096];
        Assert.Equal(WebSocketMessageType.Text, (await socket.ReceiveAsync(ready, CancellationToken.None)).MessageType);
        var needles = new[] { user.Id.ToString(), user.Email, user.Username };
        await SuggestOneOfTheirQuestionsAsync(user.Id);

        // The scans can find the person: before erasure they are in every kind of table and in Redis.
        var before = await fixture.Api.WithDbAsync(db => PersonalDataScanner.ScanTablesAsync(db, needles));
        string[] expected =
        [
            "users", "user_sessions", "refresh_tokens", "conversations", "messages", "analytics_events", "moderation_flags",
            "audit_logs", "consent_records", "data_exports", "data_export_chunks", "outbox_emails", "faq_suggestions",
        ];
        Assert.Empty(expected.Except(before.Keys));
        Assert.NotEmpty(await PersonalDataScanner.ScanRedisAsync(fixture.Redis.ConnectionString, needles));

        using var wrongPassword = await DeleteMeAsync(client, "not-my-password");
        using var erased = await DeleteMeAsync(client, user.Password);

        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.True((await wrongPassword.ReadJsonAsync()).GetProperty("errors").TryGetProperty("password", out _));
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);

        // The open socket drops at once, without waiting for a frame from the client.
        using var closed = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var dropped = await Record.ExceptionAsync(async () =>
        {
            var result = await socket.ReceiveAsync(ready, closed.Token);
            Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        });
        Assert.True(dropped is null or WebSocketException, $"The socket stayed open: {dropped}");
        Assert.False(closed.IsCancellationRequested, "The socket was still open after 5 s");

        using var me = await client.GetAsync("/api/v1/users/me");
        using var refresh = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken });
        using var login = await anonymous.LoginRawAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);

        Assert.Empty(await fixture.Api.WithDbAsync(db => PersonalDataScanner.ScanTablesAsync(db, needles)));
        Assert.Empty(await PersonalDataScanner.ScanRedisAsync(fixture.Redis.ConnectionString, needles));

        // The audit trail keeps what happened under a pseudonym, with no address left.
        var erasure = await fixture.Api.WithDbAsync(db => db.AuditLogs.OrderByDescending(a => a.Id).FirstAsync(a => a.Action == "privacy.erasure"));
        var history = await fixture.Api.WithDbAsync(db => db.AuditLogs.Where(a => a.UserId == erasure.UserId).ToListAsync());
        Assert.Contains(history, a => a.Action == "auth.login");
        Assert.Contains(history, a => a.Action == "privacy.export_request");
        Assert.All(history, a => Assert.Null(a.IpAddress));

        // The address is free again, for a new person.
        using var again = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email = user.Email, username = user.Username, password = "another-secret1" });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotEqual(user.Id, (await again.ReadJsonAsync()).GetProperty("id").GetGuid());
        await fixture.Api.WithDbAsync(db => db.Faqs.Where(f => f.Question.StartsWith("Erasure check")).ExecuteDeleteAsync());
    }

    /// <summary>As a thumbs-up on an answer from an FAQ would: one of the person's questions, suggested for an FAQ, confirmed by them.</summary>
    private async Task SuggestOneOfTheirQuestionsAsync(Guid userId) => await fixture.Api.WithDbAsync(async db =>
    {
        var question = await db.Messages.FirstAsync(m => m.Conversation!.UserId == userId && m.Role == Core.Conversations.MessageRole.User);
        var faq = new Core.Knowledge.Faq { Question = $"Erasure check {Guid.NewGuid():N}?", Answer = "An answer." };
        db.Faqs.Add(faq);
        await db.SaveChangesAsync();
        db.FaqSuggestions.Add(new Core.Learning.FaqSuggestion
        {
            FaqId = faq.Id,
            Text = question.Content,
            Key = Core.Learning.PhrasingKey.Of(question.Content),
            MessageId = question.Id,
            ConfirmedById = userId,
            CreatedAt = DateTimeOffset.UtcNow,
        });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task An_admin_erases_another_account_but_not_their_own_and_others_cannot_erase_anyone()
    {
        var admin = await fixture.Api.CreateSignedInUserAsync(Roles.Admin);
        var moderator = await fixture.Api.CreateSignedInUserAsync(Roles.Moderator);
        var target = await fixture.Api.CreateSignedInUserAsync();
        using var adminClient = fixture.Api.CreateClient(admin);
        using var moderatorClient = fixture.Api.CreateClient(moderator);
        using var targetClient = fixture.Api.CreateClient(target);
        await PrivacyTestSteps.ChatAsync(targetClient, "How do I reset my password?");

        using var byModerator = await moderatorClient.DeleteAsync($"/api/v1/admin/users/{target.Id}");
        using var self = await adminClient.DeleteAsync($"/api/v1/admin/users/{admin.Id}");
        using var unknown = await adminClient.DeleteAsync($"/api/v1/admin/users/{Guid.NewGuid()}");
        using var erased = await adminClient.DeleteAsync($"/api/v1/admin/users/{target.Id}");
        using var twice = await adminClient.DeleteAsync($"/api/v1/admin/users/{target.Id}");
        using var targetMe = await targetClient.GetAsync("/api/v1/users/me");

        Assert.Equal(HttpStatusCode.Forbidden, byModerator.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, targetMe.StatusCode);
        Assert.Empty(await fixture.Api.WithDbAsync(db => PersonalDataScanner.ScanTablesAsync(db, target.Id.ToString(), target.Email)));
        var erasure = await fixture.Api.WithDbAsync(db => db.AuditLogs.OrderByDescending(a => a.Id).FirstAsync(a => a.Action == "privacy.erasure"));
        Assert.Equal(admin.Id, erasure.ActorId);
    }

    [Fact]
    public async Task Erasing_yourself_needs_a_password_in_the_body()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);

        using var noBody = await client.DeleteAsync("/api/v1/users/me");
        using var emptyPassword = await DeleteMeAsync(client, "");

        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, emptyPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_so_a_stolen_token_cannot_guess_its_way_to_erasure()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await DeleteMeAsync(client, $"guess-{attempt}");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var right = await DeleteMeAsync(client, user.Password);

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked", (await right.ReadJsonAsync()).GetProperty("errors").GetProperty("password")[0].GetString(), StringComparison.Ordinal);
        Assert.True(await fixture.Api.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == user.Id)));
    }

    private static Task<HttpResponseMessage> DeleteMeAsync(HttpClient client, string password) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/users/me") { Content = JsonContent.Create(new { password }) });

    private Uri SocketUri(TestUser user)
    {
        using var client = fixture.Api.CreateClient();
        return new UriBuilder(client.BaseAddress!) { Scheme = "ws", Path = $"/api/v1/chat/ws/{user.Id}", Query = $"access_token={user.AccessToken}" }.Uri;
    }
}
