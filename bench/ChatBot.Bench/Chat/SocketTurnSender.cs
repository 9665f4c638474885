using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using ChatBot.Bench.Sockets;

namespace ChatBot.Bench.Chat;

/// <summary>
/// Turns as <c>message</c> frames over a pool of open chat sockets, turn <c>i</c> on socket <c>i mod count</c> (one turn
/// at a time on each): the first <c>delta</c> frame is the first piece, <c>done</c> the end.
/// </summary>
public sealed class SocketTurnSender : ITurnSender
{
    private readonly List<ClientWebSocket> _sockets;
    private readonly SemaphoreSlim[] _turnOnSocket;

    private SocketTurnSender(List<ClientWebSocket> sockets)
    {
        _sockets = sockets;
        _turnOnSocket = [.. sockets.Select(_ => new SemaphoreSlim(1, 1))];
    }

    public string Path => string.Create(CultureInfo.InvariantCulture, $"WebSocket `message` frames over {_sockets.Count:N0} open sockets");

    public static async Task<SocketTurnSender> OpenAsync(Uri api, IReadOnlyList<string> tokens, int sockets, CancellationToken cancellationToken)
    {
        var opened = await ChatSockets.OpenAsync(ChatSockets.Endpoint(api), index => tokens[index % tokens.Count], sockets, 64, cancellationToken);
        if (opened.Count < sockets)
        {
            ChatSockets.AbortAll(opened);
            throw new InvalidOperationException($"only {opened.Count} of {sockets} chat sockets opened");
        }

        return new SocketTurnSender(opened);
    }

    public async Task<TurnOutcome> SendAsync(int turn, string question, CancellationToken cancellationToken)
    {
        var index = turn % _sockets.Count;
        var socket = _sockets[index];
        await _turnOnSocket[index].WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { type = "message", message = question }),
                WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            long? firstDeltaAt = null;
            while (true)
            {
                var frame = await ChatSockets.ReceiveFrameAsync(socket, cancellationToken);
                switch (ChatSockets.TypeOf(frame))
                {
                    case "delta":
                        firstDeltaAt ??= Stopwatch.GetTimestamp();
                        break;
                    case "done":
                        return TurnOutcome.Answered(firstDeltaAt);
                    case "error":
                        return TurnOutcome.Failed($"error frame: {(frame!.Value.TryGetProperty("code", out var code) ? code.GetString() : "no code")}");
                    case null:
                        return TurnOutcome.Failed("the socket closed");
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return TurnOutcome.Failed(exception.GetType().Name);
        }
        finally
        {
            _turnOnSocket[index].Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        ChatSockets.AbortAll(_sockets);
        return ValueTask.CompletedTask;
    }
}
