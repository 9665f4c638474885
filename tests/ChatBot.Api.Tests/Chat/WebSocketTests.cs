using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ChatBot.Api.Chat;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core;
using ChatBot.DevServers;
using StackExchange.Redis;

namespace ChatBot.Api.Tests.Chat;

/// <summary>The seed's WebSocket path with a real ClientWebSocket against real Kestrel.</summary>
[Collection(ChatCollection.Name)]
public sealed class WebSocketTests(ChatFixture fixture)
{
    [Fact]
    public async Task A_message_round_trip_streams_start_deltas_sources_and_done_and_ping_gets_pong()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var socket = await ConnectAsync(user.Id, user.AccessToken);
        Assert.Equal("ready", (await ReceiveAsync(socket)).GetProperty("type").GetString());

        await SendAsync(socket, new { type = "ping" });
        Assert.Equal("pong", (await ReceiveAsync(socket)).GetProperty("type").GetString());
        await SendAsync(socket, new { type = "message", message = "How do I reset my password?" });
        var frames = await ReceiveUntilDoneAsync(socket);

        Assert.Equal("start", frames[0].GetProperty("type").GetString());
        Assert.Equal(Enumerable.Range(1, frames.Count).Select(i => (long)i), frames.Select(f => f.GetProperty("seq").GetInt64()));
        var text = string.Concat(frames.Where(f => f.GetProperty("type").GetString() == "delta").Select(f => f.GetProperty("text").GetString()));
        Assert.Equal($"Use 'Forgot password' on the sign-in page. [faq:{fixture.FaqIds["password"]}]", text);
        Assert.Equal(fixture.FaqIds["password"], frames[^2].GetProperty("sources")[0].GetProperty("faq_id").GetInt32());
        Assert.Equal("complete", frames[^1].GetProperty("status").GetString());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task Authenticating_in_the_first_frame_works_too()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var socket = await ConnectAsync(user.Id, accessToken: null);

        await SendAsync(socket, new { type = "auth", access_token = user.AccessToken });

        Assert.Equal("ready", (await ReceiveAsync(socket)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Another_users_id_in_the_path_is_refused_at_the_handshake()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var other = await fixture.Api.CreateSignedInUserAsync();
        using var socket = new ClientWebSocket();

        var failure = await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(Uri(other.Id, user.AccessToken), CancellationToken.None));

        Assert.Contains("403", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_id_with_first_frame_auth_is_closed_with_policy_violation()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var other = await fixture.Api.CreateSignedInUserAsync();
        using var socket = await ConnectAsync(other.Id, accessToken: null);

        await SendAsync(socket, new { type = "auth", access_token = user.AccessToken });
        var result = await socket.ReceiveAsync(new byte[1024], CancellationToken.None);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }

    [Fact]
    public async Task Logging_out_elsewhere_closes_an_open_socket_at_its_next_frame()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var socket = await ConnectAsync(user.Id, user.AccessToken);
        await ReceiveAsync(socket);

        using var logout = await fixture.Api.CreateClient(user).PostAsync("/api/v1/auth/logout", null);
        await SendAsync(socket, new { type = "message", message = "How do I reset my password?" });
        var result = await socket.ReceiveAsync(new byte[4096], CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }

    [Fact]
    public async Task An_idle_socket_is_closed_politely_with_a_reason()
    {
        await using var api = fixture.CreateApi(new Dictionary<string, string?> { ["Chat:IdleTimeoutSeconds"] = "5" });
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var socket = await ConnectAsync(user.Id, user.AccessToken, api);
        await ReceiveAsync(socket);

        var result = await socket.ReceiveAsync(new byte[1024], new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("idle timeout", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task An_oversized_frame_closes_the_socket_with_message_too_big()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var socket = await ConnectAsync(user.Id, user.AccessToken);
        await ReceiveAsync(socket);

        await socket.SendAsync(Encoding.UTF8.GetBytes(new string('x', 20_000)), WebSocketMessageType.Text, true, CancellationToken.None);
        var result = await socket.ReceiveAsync(new byte[1024], CancellationToken.None);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
    }

    [Fact]
    public async Task Resume_and_stop_frames_work_on_a_new_socket_after_a_drop()
    {
        await using var paced = fixture.CreatePacedApi();
        var user = await fixture.Api.CreateSignedInUserAsync();
        Guid messageId;
        long lastSeq;
        using (var first = await ConnectAsync(user.Id, user.AccessToken, paced))
        {
            await ReceiveAsync(first);
            await SendAsync(first, new { type = "message", message = ChatFixture.LongQuestion });
            var start = await ReceiveAsync(first);
            messageId = start.GetProperty("message_id").GetGuid();
            lastSeq = (await ReceiveAsync(first)).GetProperty("seq").GetInt64();
            first.Abort();
        }

        using var second = await ConnectAsync(user.Id, user.AccessToken, paced);
        await ReceiveAsync(second);
        await SendAsync(second, new { type = "resume", message_id = messageId, after_seq = lastSeq });
        var next = await ReceiveAsync(second);
        await SendAsync(second, new { type = "stop", message_id = messageId });
        var rest = await ReceiveUntilDoneAsync(second);

        Assert.Equal(lastSeq + 1, next.GetProperty("seq").GetInt64());
        Assert.Contains(rest, f => f.GetProperty("type").GetString() == "stopping");
        Assert.Equal("stopped", rest[^1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sockets_per_account_are_capped_across_replicas_and_a_closed_one_frees_its_place()
    {
        var settings = new Dictionary<string, string?> { ["Chat:MaxSocketsPerUser"] = "2" };
        await using var first = fixture.CreateApi(settings);
        await using var second = fixture.CreateApi(settings);
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var a = await ConnectAsync(user.Id, user.AccessToken, first);
        using var b = await ConnectAsync(user.Id, user.AccessToken, second);
        Assert.Equal("ready", (await ReceiveAsync(a)).GetProperty("type").GetString());
        Assert.Equal("ready", (await ReceiveAsync(b)).GetProperty("type").GetString());

        using var third = await ConnectAsync(user.Id, user.AccessToken, first);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var refused = await third.ReceiveAsync(new byte[1024], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, refused.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, third.CloseStatus);

        await b.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        await Eventually.TrueAsync(async () =>
        {
            using var again = await ConnectAsync(user.Id, user.AccessToken, second);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var frame = await again.ReceiveAsync(new byte[1024], wait.Token);
            return frame.MessageType == WebSocketMessageType.Text;
        }, "a place after a socket closed");
    }

    [Fact]
    public async Task A_fresh_replica_subscribes_to_its_chat_channels_before_its_first_request()
    {
        // A Redis of its own: on the shared one, every other host's subscriptions would count too.
        await using var redis = await LocalRedisServer.StartAsync();
        await using var api = fixture.CreateApi(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ConnectionNames.Cache}"] = redis.ConnectionString,
        });

        await using var probe = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = probe.GetDatabase();
        var subscribers = (RedisResult[])(await database.ExecuteAsync("PUBSUB", "NUMSUB", OpenSockets.Channel.ToString(), StopSignals.Channel.ToString()))!;
        var patterns = (long)await database.ExecuteAsync("PUBSUB", "NUMPAT");

        // Subscribing blocks; left to the first requests, a burst of sockets on a fresh replica starved the thread pool.
        Assert.Equal([1L, 1L], [(long)subscribers[1], (long)subscribers[3]]);
        Assert.Equal(1L, patterns);
    }

    [Fact]
    public async Task Frames_beyond_a_sockets_budget_are_refused_without_closing_it()
    {
        await using var api = fixture.CreateApi(new Dictionary<string, string?>
        {
            ["Chat:SocketFrameBurst"] = "3",
            ["Chat:SocketFramesPerSecond"] = "1",
        });
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var socket = await ConnectAsync(user.Id, user.AccessToken, api);
        Assert.Equal("ready", (await ReceiveAsync(socket)).GetProperty("type").GetString());

        var replies = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await SendAsync(socket, new { type = "ping" });
        }

        for (var i = 0; i < 4; i++)
        {
            var reply = await ReceiveAsync(socket);
            replies.Add(reply.GetProperty("type").GetString() == "error" ? reply.GetProperty("code").GetString()! : reply.GetProperty("type").GetString()!);
        }

        Assert.Equal(["pong", "pong", "pong", "rate_limited"], replies);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await SendAsync(socket, new { type = "ping" });
        Assert.Equal("pong", (await ReceiveAsync(socket)).GetProperty("type").GetString());
    }

    private Uri Uri(Guid userId, string? accessToken, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? api = null)
    {
        using var client = (api ?? fixture.Api).CreateClient();
        var builder = new UriBuilder(client.BaseAddress!) { Scheme = "ws", Path = $"/api/v1/chat/ws/{userId}" };
        if (accessToken is not null)
        {
            builder.Query = $"access_token={accessToken}";
        }

        return builder.Uri;
    }

    private async Task<ClientWebSocket> ConnectAsync(Guid userId, string? accessToken, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? api = null)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(Uri(userId, accessToken, api), CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(WebSocket socket, object frame) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
            }
        }
    }

    private static async Task<List<JsonElement>> ReceiveUntilDoneAsync(WebSocket socket)
    {
        var frames = new List<JsonElement>();
        while (true)
        {
            var frame = await ReceiveAsync(socket);
            frames.Add(frame);
            if (frame.GetProperty("type").GetString() is "done" or "error")
            {
                return frames;
            }
        }
    }
}
