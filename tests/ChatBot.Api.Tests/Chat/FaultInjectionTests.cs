using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Conversations;
using Microsoft.EntityFrameworkCore;

using static ChatBot.Api.Tests.Infrastructure.ChatStreams;

namespace ChatBot.Api.Tests.Chat;

/// <summary>
/// An answer in flight when PostgreSQL or Redis stops answering for a few seconds: nothing acknowledged is lost, the
/// stream ends by itself (complete, or failed with its partial text) and what was streamed is what is stored.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class FaultInjectionTests(ChatFixture fixture)
{
    [Fact]
    public async Task An_answer_finished_while_postgresql_is_hung_is_stored_once_it_is_back()
    {
        await using var api = fixture.CreatePacedApi();
        using var client = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var (messageId, firstPart) = await ReadThenDropAsync(client, ChatFixture.LongQuestion, eventsBeforeDrop: 3);

        Task<List<SseReader.SseEvent>> reading;
        using (fixture.Postgres.Pause())
        {
            // The paced answer (60 words, 40 ms each) finishes generating while the database is frozen.
            await Task.Delay(TimeSpan.FromSeconds(5));
            reading = ResumeAsync(client, messageId, firstPart[^1].Id!.Value);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(reading.IsCompleted, "The answer ended before it could be stored.");
        }

        var rest = await reading.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("done", rest[^1].Event);
        Assert.Equal("complete", rest[^1].Data.GetProperty("status").GetString());
        var streamed = string.Concat(firstPart.Concat(rest).Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString()));
        var stored = await fixture.Api.WithDbAsync(db => db.Messages.Where(m => m.Id == messageId).ToListAsync());
        Assert.Equal(streamed, Assert.Single(stored).Content);
        Assert.Contains("step59 step60", streamed, StringComparison.Ordinal);
        Assert.Equal(2, await fixture.Api.WithDbAsync(db => db.Conversations.Where(c => c.Id == stored[0].ConversationId).Select(c => c.MessageCount).SingleAsync()));
    }

    [Fact]
    public async Task An_answer_cut_by_a_hung_redis_ends_failed_with_its_partial_text_stored_and_streamed()
    {
        await using var api = fixture.CreatePacedApi();
        using var client = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var (messageId, firstPart) = await ReadThenDropAsync(client, ChatFixture.LongQuestion, eventsBeforeDrop: 3);

        using (fixture.Redis.Pause())
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var all = await ResumeAsync(client, messageId, after: 0).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("done", all[^1].Event);
        var status = all[^1].Data.GetProperty("status").GetString();
        var streamed = string.Concat(all.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString()));
        var stored = await fixture.Api.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == messageId));
        Assert.Equal(status == "complete" ? MessageStatus.Complete : MessageStatus.Failed, stored.Status);
        Assert.StartsWith("step1 step2", stored.Content, StringComparison.Ordinal);
        Assert.StartsWith(stored.Content, streamed, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long?)i), all.Select(e => e.Id));
        Assert.True(firstPart.Count <= all.Count);
    }
}
