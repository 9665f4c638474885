using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using ChatBot.Api.Infrastructure;

namespace ChatBot.Api.Chat;

/// <summary>
/// One chat socket's wire: whole JSON frames in and out, a lock so answers streaming at once never interleave their
/// frames, and the answers streaming on it.
/// </summary>
public sealed class ChatSocketConnection(WebSocket socket) : IDisposable
{
    /// <summary>The answers streaming to this socket, by message id.</summary>
    public Dictionary<Guid, Task> Streaming { get; } = [];

    private readonly SemaphoreSlim _send = new(1, 1);
    private Task<ReceivedFrame>? _pendingReceive;

    public WebSocket Socket => socket;

    public void Dispose() => _send.Dispose();

    public async Task SendAsync<T>(T frame, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, ApiConventionsExtensions.Json);
        await _send.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Sends a close frame (without cancelling anything), so the client learns why.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string? reason, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>
    /// One whole text message, or Closed (client closed, oversize, aborted), or TimedOut. A timed-out receive keeps
    /// running (cancelling it would abort the socket before a close frame could explain why).
    /// </summary>
    public async Task<ReceivedFrame> ReceiveAsync(int maxBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _pendingReceive ??= ReceiveCoreAsync(maxBytes, cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan && await Task.WhenAny(_pendingReceive, Task.Delay(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, cancellationToken)) != _pendingReceive)
        {
            return ReceivedFrame.Timeout;
        }

        var frame = await _pendingReceive;
        _pendingReceive = null;
        return frame;
    }

    private async Task<ReceivedFrame> ReceiveCoreAsync(int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes, 4096));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                ValueWebSocketReceiveResult result;
                try
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                }
                catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
                {
                    return ReceivedFrame.Gone;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new ReceivedFrame(null, true, WebSocketCloseStatus.NormalClosure, "bye");
                }

                length += result.Count;
                if (length > maxBytes)
                {
                    return new ReceivedFrame(null, true, WebSocketCloseStatus.MessageTooBig, $"frames are limited to {maxBytes} bytes");
                }

                if (result.EndOfMessage)
                {
                    return new ReceivedFrame(System.Text.Encoding.UTF8.GetString(buffer, 0, length), false, null, null);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
