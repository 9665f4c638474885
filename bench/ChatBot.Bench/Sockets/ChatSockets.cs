using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace ChatBot.Bench.Sockets;

/// <summary>Chat sockets as a client opens them (signed in by a token in the URL, told they are ready) and reads them (whole frames).</summary>
public static class ChatSockets
{
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(30);

    public static Uri Endpoint(Uri api) => new UriBuilder(api) { Scheme = "ws", Path = "/api/v1/chat/ws" }.Uri;

    /// <summary>Opens <paramref name="count"/> ready sockets; socket <c>i</c> signs in with <c>tokenFor(i)</c>. Failures are reported, not thrown.</summary>
    public static async Task<List<ClientWebSocket>> OpenAsync(
        Uri endpoint, Func<int, string> tokenFor, int count, int concurrency, CancellationToken cancellationToken)
    {
        var opened = new ConcurrentBag<ClientWebSocket>();
        var failures = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var socket = new ClientWebSocket();
                socket.Options.SetBuffer(4096, 4096);
                try
                {
                    var token = tokenFor(index);
                    var url = new Uri($"{endpoint}/{SubjectOf(token)}?access_token={Uri.EscapeDataString(token)}");
                    await socket.ConnectAsync(url, ct);
                    var first = TypeOf(await ReceiveFrameAsync(socket, ct));
                    if (first == "ready")
                    {
                        opened.Add(socket);
                        return;
                    }

                    failures.AddOrUpdate($"the first frame was '{first}', not 'ready'", 1, (_, times) => times + 1);
                }
                catch (Exception exception) when (exception is WebSocketException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                    failures.AddOrUpdate(exception.Message, 1, (_, times) => times + 1);
                }

                socket.Dispose();
            });
        foreach (var (reason, times) in failures)
        {
            await Console.Error.WriteLineAsync($"{times} sockets did not open: {reason}");
        }

        return [.. opened];
    }

    /// <summary>The next whole text frame, or null when the server closed the socket.</summary>
    public static async Task<JsonElement?> ReceiveFrameAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FrameTimeout);
        using var message = new MemoryStream();
        var buffer = new byte[4096];
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);

        using var frame = JsonDocument.Parse(message.ToArray());
        return frame.RootElement.Clone();
    }

    public static string? TypeOf(JsonElement? frame) =>
        frame is { } element && element.TryGetProperty("type", out var type) ? type.GetString() : null;

    public static void AbortAll(IEnumerable<ClientWebSocket> sockets)
    {
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }
    }

    /// <summary>The user id in an access token: the socket's path names the user it signs in as.</summary>
    private static string SubjectOf(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '='));
        using var claims = JsonDocument.Parse(json);
        return claims.RootElement.GetProperty("sub").GetString()!;
    }
}
