using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ChatBot.Api.Chat;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

using static ChatBot.Api.Tests.Infrastructure.ChatStreams;

namespace ChatBot.Api.Tests.Chat;

/// <summary>Generation is detached from connections and shared through Redis: nothing is lost, any replica can take over.</summary>
[Collection(ChatCollection.Name)]
public sealed class ResumeAndStopTests(ChatFixture fixture)
{
    [Fact]
    public async Task A_dropped_stream_resumes_with_every_fragment_exactly_once_in_order()
    {
        await using var api = fixture.CreatePacedApi();
        using var client = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

        var (messageId, firstPart) = await ReadThenDropAsync(client, ChatFixture.LongQuestion, eventsBeforeDrop: 6);
        var rest = await ResumeAsync(client, messageId, after: firstPart[^1].Id!.Value);

        var all = firstPart.Concat(rest).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long?)i), all.Select(e => e.Id));
        Assert.Equal("done", all[^1].Event);
        Assert.Equal("complete", all[^1].Data.GetProperty("status").GetString());
        var text = string.Concat(all.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString()));
        var stored = await fixture.Api.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == messageId));
        Assert.Equal(stored.Content, text);
        Assert.StartsWith("step1 step2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_mid_stream_stores_the_partial_answer_marked_stopped()
    {
        await using var api = fixture.CreatePacedApi();
        using var client = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var (messageId, firstPart) = await ReadThenDropAsync(client, ChatFixture.LongQuestion, eventsBeforeDrop: 4);

        using var stop = await client.PostAsync($"/api/v1/chat/messages/{messageId}/stop", null);
        var rest = await ResumeAsync(client, messageId, after: firstPart[^1].Id!.Value);

        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        Assert.Equal("stopped", rest[^1].Data.GetProperty("status").GetString());
        var stored = await fixture.Api.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == messageId));
        Assert.Equal(MessageStatus.Stopped, stored.Status);
        Assert.StartsWith("step1", stored.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("step60", stored.Content, StringComparison.Ordinal);
        var streamed = string.Concat(firstPart.Concat(rest).Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString()));
        Assert.Equal(stored.Content, streamed);
        using var again = await client.PostAsync($"/api/v1/chat/messages/{messageId}/stop", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Started_on_one_replica_resumed_and_stopped_on_another()
    {
        await using var generating = fixture.CreatePacedApi();
        await using var other = fixture.CreateApi();
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var first = generating.CreateClient(user);
        using var second = other.CreateClient(user);
        var (messageId, firstPart) = await ReadThenDropAsync(first, ChatFixture.LongQuestion, eventsBeforeDrop: 3);

        using var resume = await OpenResumeAsync(second, messageId, after: firstPart[^1].Id!.Value);
        var rest = new List<SseReader.SseEvent>();
        var stopped = false;
        await foreach (var sse in SseReader.ReadAsync(resume))
        {
            rest.Add(sse);
            if (!stopped && rest.Count == 3)
            {
                using var stop = await second.PostAsync($"/api/v1/chat/messages/{messageId}/stop", null);
                Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
                stopped = true;
            }
        }

        var all = firstPart.Concat(rest).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long?)i), all.Select(e => e.Id));
        Assert.Equal("stopped", all[^1].Data.GetProperty("status").GetString());
        var stored = await fixture.Api.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == messageId));
        Assert.Equal(MessageStatus.Stopped, stored.Status);
        Assert.Equal(string.Concat(all.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString())), stored.Content);
    }

    [Fact]
    public async Task Another_user_cannot_stop_or_resume_an_answer_in_flight()
    {
        await using var api = fixture.CreatePacedApi();
        using var owner = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        using var intruder = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var (messageId, _) = await ReadThenDropAsync(owner, ChatFixture.LongQuestion, eventsBeforeDrop: 2);

        using var stop = await intruder.PostAsync($"/api/v1/chat/messages/{messageId}/stop", null);
        using var resume = await intruder.GetAsync($"/api/v1/chat/messages/{messageId}/stream");
        var rest = await ResumeAsync(owner, messageId, after: 2);

        Assert.Equal(HttpStatusCode.NotFound, stop.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, resume.StatusCode);
        Assert.Equal("complete", rest[^1].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_finished_answer_can_be_replayed_and_the_browsers_last_event_id_is_honoured()
    {
        using var client = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var (messageId, events) = await ReadThenDropAsync(client, "How do I freeze my card?", eventsBeforeDrop: int.MaxValue);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/chat/messages/{messageId}/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("Last-Event-ID", (events.Count - 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var replay = new List<SseReader.SseEvent>();
        await foreach (var sse in SseReader.ReadAsync(response))
        {
            replay.Add(sse);
        }

        Assert.Equal(["sources", "done"], replay.Select(e => e.Event));
    }

    [Fact]
    public async Task Readers_of_an_answer_whose_replica_died_get_an_error_instead_of_waiting_forever()
    {
        await using var api = fixture.CreateApi(new Dictionary<string, string?> { ["Chat:StalledAfterSeconds"] = "1" });
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = api.CreateClient(user);
        var messageId = Guid.CreateVersion7();
        // What a replica leaves behind when it dies right after starting an answer: metadata, no further events.
        var redis = await fixture.Redis.ConnectAsync();
        await redis.GetDatabase().HashSetAsync($"chatbot:chat:meta:{messageId}",
        [
            new("user_id", user.Id.ToString()), new("conversation_id", Guid.NewGuid().ToString()), new("status", "streaming"),
            new("at", DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()),
        ]);

        var events = await ResumeAsync(client, messageId, after: 0);

        var error = Assert.Single(events);
        Assert.Equal("error", error.Event);
        Assert.Equal("generation_lost", error.Data.GetProperty("code").GetString());
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_orphaned_by_a_dead_replica_is_stored_as_failed_with_its_partial_text()
    {
        await using var api = fixture.CreateApi(new Dictionary<string, string?> { ["Chat:StalledAfterSeconds"] = "1" });
        var reaper = api.Services.GetRequiredService<StalledAnswerReaper>();
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = api.CreateClient(user);
        var conversationId = (await (await client.PostAsync("/api/v1/chat/send", ChatFixture.Message("when are you open?"))).ReadJsonAsync()).GetProperty("conversation_id").GetGuid();
        var redis = await fixture.Redis.ConnectAsync();
        var database = redis.GetDatabase();
        // Answers other tests of this collection left stalled are finished first, so the pass below meets only this test's.
        await reaper.ReapAsync(CancellationToken.None);
        // What a replica leaves behind when it dies mid-answer: metadata and the first fragments, nothing more.
        var orphan = Guid.CreateVersion7();
        await PlantAnswerAsync(database, orphan, user.Id, conversationId, "streaming", DateTimeOffset.UtcNow.AddMinutes(-5), "Half an", " answer");
        // Beside it, one still being written (its writer appended just now) and one that finished long ago: neither is lost.
        var live = Guid.CreateVersion7();
        await PlantAnswerAsync(database, live, user.Id, conversationId, "streaming", DateTimeOffset.UtcNow.AddMinutes(1), "Still");
        var finished = Guid.CreateVersion7();
        await PlantAnswerAsync(database, finished, user.Id, conversationId, "complete", DateTimeOffset.UtcNow.AddMinutes(-5), "Done");

        var reaped = await reaper.ReapAsync(CancellationToken.None);
        var events = await ResumeAsync(client, orphan, after: 3);
        using var stop = await client.PostAsync($"/api/v1/chat/messages/{orphan}/stop", null);
        var again = await reaper.ReapAsync(CancellationToken.None);

        Assert.Equal(1, reaped);
        Assert.Equal(0, again);
        var stored = await fixture.Api.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == orphan));
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(MessageRole.Assistant, stored.Role);
        Assert.Equal("Half an answer", stored.Content);
        Assert.Equal(conversationId, stored.ConversationId);
        Assert.Equal(3, await fixture.Api.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversationId)));
        Assert.Equal(3, await fixture.Api.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversationId).Select(c => c.MessageCount).SingleAsync()));
        // The error the reaper appended (numbered after the fragments, keeping them), not one a reader made up while waiting.
        var error = Assert.Single(events);
        Assert.Equal(4L, error.Id);
        Assert.Equal("generation_lost", error.Data.GetProperty("code").GetString());
        Assert.Contains("kept", error.Data.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", (string?)await database.HashGetAsync($"chatbot:chat:meta:{orphan}", "status"));
        Assert.Equal(HttpStatusCode.Conflict, stop.StatusCode);
        // The reaper reads only the index of answers being written: the finished answer is not in it, the orphan left it.
        Assert.Null(await database.SortedSetScoreAsync(ChatStreamStore.StreamingIndexKey, orphan.ToString()));
        Assert.NotNull(await database.SortedSetScoreAsync(ChatStreamStore.StreamingIndexKey, live.ToString()));
        foreach (var (untouched, status, fragments) in new[] { (live, "streaming", 2L), (finished, "complete", 2L) })
        {
            Assert.Equal(status, (string?)await database.HashGetAsync($"chatbot:chat:meta:{untouched}", "status"));
            Assert.Equal(fragments, await database.StreamLengthAsync($"chatbot:chat:stream:{untouched}"));
            Assert.False(await fixture.Api.WithDbAsync(db => db.Messages.AnyAsync(m => m.Id == untouched)));
        }

        await redis.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_is_in_the_index_the_reaper_reads_only_while_it_is_being_written()
    {
        await using var api = fixture.CreatePacedApi();
        using var client = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var redis = await fixture.Redis.ConnectAsync();
        var database = redis.GetDatabase();

        var (messageId, _) = await ReadThenDropAsync(client, ChatFixture.LongQuestion, eventsBeforeDrop: 2);
        var whileWriting = await database.SortedSetScoreAsync(ChatStreamStore.StreamingIndexKey, messageId.ToString());
        var rest = await ResumeAsync(client, messageId, after: 0).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotNull(whileWriting);
        // Scored by the writer's last append: recent, so not yet stalled.
        Assert.InRange(whileWriting!.Value, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), (double)DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds());
        Assert.Equal("done", rest[^1].Event);
        Assert.Null(await database.SortedSetScoreAsync(ChatStreamStore.StreamingIndexKey, messageId.ToString()));
        await redis.DisposeAsync();
    }

    /// <summary>An answer's Redis state as its replica left it: metadata, a start event and the given deltas.</summary>
    private static async Task PlantAnswerAsync(IDatabase database, Guid messageId, Guid userId, Guid conversationId,
        string status, DateTimeOffset lastWrite, params string[] deltas)
    {
        await database.HashSetAsync($"chatbot:chat:meta:{messageId}",
        [
            new("user_id", userId.ToString()), new("conversation_id", conversationId.ToString()), new("status", status),
            new("at", lastWrite.ToUnixTimeSeconds()),
        ]);
        await database.KeyExpireAsync($"chatbot:chat:meta:{messageId}", TimeSpan.FromMinutes(10));
        await database.StreamAddAsync($"chatbot:chat:stream:{messageId}", "e", $"{{\"seq\":1,\"type\":\"start\",\"message_id\":\"{messageId}\"}}", messageId: "1-0");
        for (var i = 0; i < deltas.Length; i++)
        {
            await database.StreamAddAsync($"chatbot:chat:stream:{messageId}", "e",
                JsonSerializer.Serialize(new { seq = i + 2, type = "delta", text = deltas[i] }), messageId: $"{i + 2}-0");
        }

        await database.KeyExpireAsync($"chatbot:chat:stream:{messageId}", TimeSpan.FromMinutes(10));
        if (status == "streaming")
        {
            await database.SortedSetAddAsync(ChatStreamStore.StreamingIndexKey, messageId.ToString(), lastWrite.ToUnixTimeSeconds());
        }
    }
}
