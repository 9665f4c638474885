using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using ChatBot.Api.Infrastructure;

namespace ChatBot.Api.Chat;

/// <summary>
/// One chat socket's wire: whole JSON frames in and out, and a lock so answers streaming at once never interleave
/// their frames.
/// </summary>
public sealed class ChatSocketConnection(WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private Task<Frame>? _pendingReceive;

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
    public async Task<Frame> ReceiveAsync(int maxBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _pendingReceive ??= ReceiveCoreAsync(maxBytes, cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan && await Task.WhenAny(_pendingReceive, Task.Delay(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, cancellationToken)) != _pendingReceive)
        {
            return Frame.Timeout;
        }

        var frame = await _pendingReceive;
        _pendingReceive = null;
        return frame;
    }

    private async Task<Frame> ReceiveCoreAsync(int maxBytes, CancellationToken cancellationToken)
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
                    return Frame.Gone;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new Frame(null, true, WebSocketCloseStatus.NormalClosure, "bye");
                }

                length += result.Count;
                if (length > maxBytes)
                {
                    return new Frame(null, true, WebSocketCloseStatus.MessageTooBig, $"frames are limited to {maxBytes} bytes");
                }

                if (result.EndOfMessage)
                {
                    return new Frame(System.Text.Encoding.UTF8.GetString(buffer, 0, length), false, null, null);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>What one receive on a chat socket got: a whole text frame, a close (with why), or nothing before the timeout.</summary>
    public sealed record Frame(string? Text, bool Closed, WebSocketCloseStatus? CloseStatus, string? CloseReason, bool TimedOut = false)
    {
        public static readonly Frame Gone = new(null, true, null, null);

        public static readonly Frame Timeout = new(null, false, null, null, TimedOut: true);
    }
}
