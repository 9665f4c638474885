using System.Diagnostics;
using System.Net;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Conversations;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ChatBot.Api.Tests.Reliability;

/// <summary>
/// 200 chat turns a minute for two minutes while Redis crashes once and comes back empty: every answered turn is in
/// the database as it was answered, and turns fail only while Redis is away (with a 503, never a 500 or a hang).
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class LoadWithFaultTests(OutageFixture fixture, ITestOutputHelper output)
{
    private const int Users = 10;
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan TurnInterval = TimeSpan.FromSeconds(3); // 10 users x 20 a minute = 200 a minute
    private static readonly TimeSpan CrashAt = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(5);

    /// <summary>How long after Redis is back a turn may still fail: the client reconnects, then its first commands run.</summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(15);

    private sealed record Turn(int User, string Text, TimeSpan Started, TimeSpan Ended, HttpStatusCode Status, SendMessageAnswer? Answer);

    private sealed record SendMessageAnswer(Guid ConversationId, Guid MessageId, string Response, string Status);

    [Fact]
    public async Task Two_hundred_turns_a_minute_through_a_redis_crash_lose_no_answered_turn()
    {
        var clients = new List<HttpClient>();
        for (var i = 0; i < Users; i++)
        {
            clients.Add(fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync()));
        }

        var clock = Stopwatch.StartNew();
        var down = TimeSpan.Zero;
        var up = TimeSpan.Zero;
        var outage = Task.Run(async () =>
        {
            await Task.Delay(CrashAt);
            down = clock.Elapsed;
            await fixture.Redis.KillAsync();
            await Task.Delay(Downtime);
            await fixture.Redis.StartAgainAsync();
            up = clock.Elapsed;
        });
        var turns = (await Task.WhenAll(clients.Select((client, user) => ChatAsync(client, user, clock)))).SelectMany(t => t).ToList();
        await outage;
        clients.ForEach(c => c.Dispose());

        var answered = turns.Where(t => t.Status == HttpStatusCode.OK).ToList();
        var failed = turns.Except(answered).ToList();
        var latencies = answered.Select(t => (t.Ended - t.Started).TotalMilliseconds).Order().ToList();
        output.WriteLine($"{turns.Count} turns in {Duration.TotalSeconds:0} s; Redis down at {down.TotalSeconds:0.0} s, back at {up.TotalSeconds:0.0} s");
        output.WriteLine($"answered {answered.Count} (p50 {latencies[latencies.Count / 2]:0} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:0} ms), failed {failed.Count}: "
            + string.Join(", ", failed.Select(t => $"{(int)t.Status} at {t.Started.TotalSeconds:0.0}-{t.Ended.TotalSeconds:0.0} s")));

        Assert.True(turns.Count >= 300, $"Only {turns.Count} turns were sent; the load was not made.");
        // Failures only while Redis was away (a turn in flight when it crashed included), and only as 503s.
        Assert.All(failed, t =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, t.Status);
            Assert.InRange(t.Ended, down, up + Recovery);
        });

        // Every answered turn is stored as answered: the question, and the answer with the text and status sent back.
        var ids = answered.Select(t => t.Answer!.MessageId).ToList();
        var stored = await fixture.Api.WithDbAsync(db => db.Messages.AsNoTracking()
            .Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id));
        var texts = answered.Select(t => t.Text).ToList();
        var questions = await fixture.Api.WithDbAsync(db => db.Messages.AsNoTracking()
            .Where(m => m.Role == MessageRole.User && texts.Contains(m.Content)).Select(m => m.Content).ToListAsync());
        Assert.Equal(texts.Order(), questions.Order());
        Assert.All(answered, t =>
        {
            var answer = stored[t.Answer!.MessageId];
            Assert.Equal(t.Answer.Response, answer.Content);
            Assert.Equal(t.Answer.Status, answer.Status.ToString().ToLowerInvariant());
            Assert.Equal(t.Answer.ConversationId, answer.ConversationId);
        });
    }

    private static async Task<List<Turn>> ChatAsync(HttpClient client, int user, Stopwatch clock)
    {
        var turns = new List<Turn>();
        Guid? conversationId = null;
        var offset = TurnInterval * user / Users;
        for (var n = 0; ; n++)
        {
            var due = offset + TurnInterval * n;
            if (due >= Duration)
            {
                return turns;
            }

            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var text = $"How do I reset my password? (user {user}, turn {n}, {Guid.NewGuid():N})";
            var started = clock.Elapsed;
            var (status, answer) = await SendAsync(client, text, conversationId);
            conversationId = answer?.ConversationId ?? conversationId;
            turns.Add(new Turn(user, text, started, clock.Elapsed, status, answer));
        }
    }

    /// <summary>One JSON turn; no answer within 30 s (a hang) or a broken connection counts as status 0.</summary>
    private static async Task<(HttpStatusCode Status, SendMessageAnswer? Answer)> SendAsync(HttpClient client, string text, Guid? conversationId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var response = await client.PostAsync("/api/v1/chat/send", ChatFixture.Message(text, conversationId), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (response.StatusCode, null);
            }

            var json = await response.ReadJsonAsync();
            return (response.StatusCode, new SendMessageAnswer(json.GetProperty("conversation_id").GetGuid(), json.GetProperty("message_id").GetGuid(),
                json.GetProperty("response").GetString()!, json.GetProperty("status").GetString()!));
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return (0, null);
        }
    }
}
