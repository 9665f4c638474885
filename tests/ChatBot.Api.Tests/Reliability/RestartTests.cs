using System.Net;
using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Conversations;
using Microsoft.EntityFrameworkCore;

using static ChatBot.Api.Tests.Infrastructure.ChatStreams;

namespace ChatBot.Api.Tests.Reliability;

/// <summary>
/// PostgreSQL and Redis crash (SIGKILL, nothing flushed) and start again while the Api runs: answers in flight end
/// stored, nothing acknowledged is lost, revoked tokens stay revoked, and the Api recovers without a restart.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class RestartTests(OutageFixture fixture)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_answer_in_flight_when_redis_crashes_is_stored_with_what_was_streamed_and_chat_works_again()
    {
        await using var api = fixture.CreatePacedApi();
        using var client = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var (messageId, firstPart) = await ReadThenDropAsync(client, ChatFixture.LongQuestion, eventsBeforeDrop: 3);

        await fixture.Redis.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await fixture.Redis.StartAgainAsync();

        // The stream lived only in Redis; the answer itself must reach the database, finished one way or another.
        var stored = await Eventually.GetAsync(
            () => fixture.Api.WithDbAsync(db => db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId && m.Status != MessageStatus.Streaming)),
            "the answer to be stored", Recovery);
        Assert.Contains(stored.Status, new[] { MessageStatus.Complete, MessageStatus.Failed });
        var streamedBeforeCrash = string.Concat(firstPart.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString()));
        Assert.StartsWith(streamedBeforeCrash, stored.Content, StringComparison.Ordinal);
        Assert.StartsWith("step1 step2", stored.Content, StringComparison.Ordinal);

        // Resuming now replays the stored answer to its end, since Redis no longer has the stream.
        var replay = await ResumeAsync(client, messageId, after: 0);
        Assert.Equal("done", replay[^1].Event);
        Assert.Equal(stored.Content, string.Concat(replay.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString())));

        // Recovery without a restart: the next turn is answered on the same Api.
        using var next = await SendUntilAnsweredAsync(client, "How do I reset my password?");
        Assert.Equal("complete", (await next.ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_signed_out_token_stays_refused_after_redis_restarts_empty()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        using (var logout = await client.PostAsync("/api/v1/auth/logout", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        var other = await fixture.Api.CreateSignedInUserAsync();
        using var otherClient = fixture.Api.CreateClient(other);

        await fixture.Redis.KillAsync();
        await fixture.Redis.StartAgainAsync();

        // The denial lived in Redis, which has forgotten it; the database has not.
        await Eventually.TrueAsync(async () => (await otherClient.GetAsync("/api/v1/users/me")).StatusCode == HttpStatusCode.OK,
            "the Api to reach the restarted Redis", Recovery);
        using var me = await client.GetAsync("/api/v1/users/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task An_answer_in_flight_when_postgresql_crashes_is_stored_once_it_is_back()
    {
        await using var api = fixture.CreatePacedApi();
        using var client = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var (messageId, firstPart) = await ReadThenDropAsync(client, ChatFixture.LongQuestion, eventsBeforeDrop: 3);

        // Crash recovery replays the WAL; the paced answer (60 words, 40 ms each) finishes while the database is down.
        await fixture.Postgres.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await fixture.Postgres.StartAgainAsync();

        var rest = await ResumeAsync(client, messageId, firstPart[^1].Id!.Value).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("done", rest[^1].Event);
        var streamed = string.Concat(firstPart.Concat(rest).Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString()));
        var stored = await fixture.Api.WithDbAsync(db => db.Messages.AsNoTracking().Where(m => m.Id == messageId).ToListAsync());
        Assert.Equal(streamed, Assert.Single(stored).Content);
        Assert.Equal(MessageStatus.Complete, stored[0].Status);
        Assert.Contains("step59 step60", streamed, StringComparison.Ordinal);
        // The question acknowledged before the crash is there too, once.
        var conversation = await fixture.Api.WithDbAsync(db => db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == stored[0].ConversationId).OrderBy(m => m.CreatedAt).Select(m => m.Content).ToListAsync());
        Assert.Equal([ChatFixture.LongQuestion, streamed], conversation);

        using var next = await SendUntilAnsweredAsync(client, "How do I reset my password?");
        Assert.Equal("complete", (await next.ReadJsonAsync()).GetProperty("status").GetString());
    }

    /// <summary>A JSON chat turn, repeated while the Api answers 503 (still reconnecting), until it is answered.</summary>
    private static async Task<HttpResponseMessage> SendUntilAnsweredAsync(HttpClient client, string message)
    {
        var deadline = DateTime.UtcNow + Recovery;
        while (true)
        {
            var response = await client.PostAsync("/api/v1/chat/send", ChatFixture.Message(message));
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return response;
            }

            response.Dispose();
            await Task.Delay(250);
        }
    }
}
