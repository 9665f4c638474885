using System.Net;
using ChatBot.Api.Tests.Infrastructure;

namespace ChatBot.Api.Tests.Chat;

/// <summary>Answers keep being written after the client leaves, so how many may be written at once is capped.</summary>
[Collection(ChatCollection.Name)]
public sealed class AnswerCapTests(ChatFixture fixture)
{
    [Fact]
    public async Task A_user_who_sends_and_leaves_gets_429_beyond_two_answers_in_flight_until_one_ends()
    {
        await using var api = fixture.CreatePacedApi();
        using var client = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        using var someoneElse = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        var first = await SendAndLeaveAsync(client);
        await SendAndLeaveAsync(client);

        using var third = await SendAsync(client);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Contains("already have answers", (await third.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await SendAndLeaveAsync(someoneElse);

        using var stop = await client.PostAsync($"/api/v1/chat/messages/{first}/stop", null);
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        await Eventually.TrueAsync(async () =>
        {
            using var retry = await SendAsync(client);
            return retry.StatusCode == HttpStatusCode.OK;
        }, "a slot after the stopped answer ended");
    }

    [Fact]
    public async Task A_replica_writing_its_maximum_of_answers_turns_the_next_one_away()
    {
        await using var api = CreateOneAnswerReplica();
        using var busy = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        using var next = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        await SendAndLeaveAsync(busy);

        using var refused = await SendAsync(next);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("too many questions", (await refused.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_that_free_their_slot_on_delivery_free_it_once()
    {
        await using var api = CreateOneAnswerReplica();
        using var busy = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        using var next = api.CreateClient(await fixture.Api.CreateSignedInUserAsync());
        // First exchanges: each frees its slot when delivered, before its conversation is named, and not again after.
        for (var i = 0; i < 3; i++)
        {
            using var delivered = await SendAsync(busy);
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await SendAndLeaveAsync(busy);

        // Freed twice, the replica would count below zero and let this one in.
        using var refused = await SendAsync(next);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    /// <summary>A replica that writes one answer at a time, each a paced stream.</summary>
    private ChatBotApiFactory CreateOneAnswerReplica() => fixture.CreateApi(new Dictionary<string, string?>
    {
        ["Ai:Local:ChunkDelayMilliseconds"] = "40",
        ["Chat:MaxAnswersInFlight"] = "1",
    });

    /// <summary>Starts a long answer over SSE and drops the connection after its first event; returns the answer's id.</summary>
    private static async Task<Guid> SendAndLeaveAsync(HttpClient client) =>
        (await ChatStreams.ReadThenDropAsync(client, ChatFixture.LongQuestion, eventsBeforeDrop: 1)).MessageId;

    private static Task<HttpResponseMessage> SendAsync(HttpClient client) =>
        client.PostAsync("/api/v1/chat/send", ChatFixture.Message("How do I reset my password?"));
}
