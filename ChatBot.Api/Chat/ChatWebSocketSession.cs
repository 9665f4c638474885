using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Api.Infrastructure.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.Api.Chat;

/// <summary>
/// One chat socket: authenticates (if the URL did not), then reads client frames and pumps answer streams back. Sends
/// are serialised because several answers may stream at once. Frames above the size limit close the socket (1009);
/// a socket idle past the timeout is closed politely.
/// </summary>
public sealed class ChatWebSocketSession(
    IServiceScopeFactory scopes,
    ChatStreamStore streams,
    BearerTokenValidator tokens,
    RedisRequestLimiter limiter,
    IOptions<ChatSettings> options,
    ILogger<ChatWebSocketSession> logger)
{
    private static JsonSerializerOptions Json => ApiConventionsExtensions.Json;

    public async Task RunAsync(WebSocket socket, Guid pathUserId, Guid? authenticatedUserId, CancellationToken aborted)
    {
        var settings = options.Value;
        using var connection = new Connection(socket);
        var userId = authenticatedUserId ?? await AuthenticateAsync(connection, pathUserId, settings, aborted);
        if (userId is null)
        {
            return;
        }

        await connection.SendAsync(new ServerFrame("ready", UserId: userId), aborted);
        var pumps = new List<Task>();
        while (socket.State == WebSocketState.Open && !aborted.IsCancellationRequested)
        {
            pumps.RemoveAll(p => p.IsCompleted);
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            if (pumps.Count == 0)
            {
                idle.CancelAfter(TimeSpan.FromSeconds(settings.IdleTimeoutSeconds));
            }

            var frame = await connection.ReceiveAsync(settings.MaxFrameBytes, idle.Token);
            if (frame.Closed)
            {
                if (frame.CloseStatus is { } status)
                {
                    await connection.CloseAsync(status, frame.CloseReason, aborted);
                }
                else if (idle.IsCancellationRequested && !aborted.IsCancellationRequested)
                {
                    await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "idle timeout", aborted);
                }

                break;
            }

            ClientFrame? message;
            try
            {
                message = JsonSerializer.Deserialize<ClientFrame>(frame.Text!, Json);
            }
            catch (JsonException)
            {
                await connection.SendAsync(new ServerFrame("error", "invalid_frame", "Frames are JSON objects with a 'type'."), aborted);
                continue;
            }

            var pump = await HandleAsync(connection, userId.Value, message, aborted);
            if (pump is not null)
            {
                pumps.Add(pump);
            }
        }

        await Task.WhenAll(pumps).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task<Guid?> AuthenticateAsync(Connection connection, Guid pathUserId, ChatSettings settings, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.AuthenticationTimeoutSeconds));
        var frame = await connection.ReceiveAsync(settings.MaxFrameBytes, timeout.Token);
        ClientFrame? auth = null;
        try
        {
            auth = frame.Text is null ? null : JsonSerializer.Deserialize<ClientFrame>(frame.Text, Json);
        }
        catch (JsonException)
        {
            // Treated as a missing authentication below.
        }

        var principal = auth is { Type: "auth", AccessToken: { Length: > 0 } token } ? await tokens.ValidateAsync(token, aborted) : null;
        if (principal is null)
        {
            await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "authentication required", aborted);
            return null;
        }

        if (principal.UserId() != pathUserId)
        {
            await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "user id does not match the token", aborted);
            return null;
        }

        return pathUserId;
    }

    /// <summary>Acts on one frame; returns the task streaming an answer back when the frame started or resumed one.</summary>
    private async Task<Task?> HandleAsync(Connection connection, Guid userId, ClientFrame? frame, CancellationToken aborted)
    {
        switch (frame?.Type)
        {
            case "ping":
                await connection.SendAsync(new ServerFrame("pong"), aborted);
                return null;
            case "message":
                return await StartAsync(connection, userId, frame, aborted);
            case "resume" when frame.MessageId is { } resumeId:
                var meta = await streams.GetMetaAsync(resumeId);
                if (meta is null || meta.UserId != userId)
                {
                    await connection.SendAsync(new ServerFrame("error", "not_found", "No such answer.", resumeId), aborted);
                    return null;
                }

                return PumpAsync(connection, resumeId, frame.AfterSeq ?? 0, aborted);
            case "stop" when frame.MessageId is { } stopId:
                var stopMeta = await streams.GetMetaAsync(stopId);
                if (stopMeta is null || stopMeta.UserId != userId)
                {
                    await connection.SendAsync(new ServerFrame("error", "not_found", "No such answer.", stopId), aborted);
                }
                else if (stopMeta.IsStreaming)
                {
                    await streams.RequestStopAsync(stopId);
                    await connection.SendAsync(new ServerFrame("stopping", MessageId: stopId), aborted);
                }
                else
                {
                    await connection.SendAsync(new ServerFrame("error", "already_finished", "The answer has already finished.", stopId), aborted);
                }

                return null;
            default:
                await connection.SendAsync(new ServerFrame("error", "invalid_frame", "Unknown or incomplete frame; types: message, stop, resume, ping."), aborted);
                return null;
        }
    }

    private async Task<Task?> StartAsync(Connection connection, Guid userId, ClientFrame frame, CancellationToken aborted)
    {
        RequestLimitResult limit;
        try
        {
            limit = await limiter.AcquireAsync(new LimitPartition("user", userId.ToString(), limiter.Options.PerMinute, limiter.Options.PerHour), aborted);
        }
        catch (RedisException exception)
        {
            logger.LogError(exception, "Rate limiting skipped: Redis unavailable");
            limit = new RequestLimitResult(true, 0, 0, null);
        }

        if (limiter.Options.Enabled && !limit.Allowed)
        {
            await connection.SendAsync(new ServerFrame("error", "rate_limited", "Too many messages; slow down.",
                RetryAfterSeconds: (int)Math.Ceiling(limit.RetryAfter?.TotalSeconds ?? 1)), aborted);
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ChatTurnCoordinator>()
            .StartAsync(userId, new SendMessageRequest(frame.Message, frame.ConversationId, frame.Language), aborted);
        switch (outcome)
        {
            case StartOutcome.Started started:
                return PumpAsync(connection, started.AssistantMessageId, 0, aborted);
            case StartOutcome.Invalid invalid:
                await connection.SendAsync(new ServerFrame("error", invalid.StatusCode == StatusCodes.Status413PayloadTooLarge ? "message_too_long" : "invalid_message", invalid.Message), aborted);
                return null;
            case StartOutcome.ConversationNotFound:
                await connection.SendAsync(new ServerFrame("error", "not_found", "No such conversation."), aborted);
                return null;
            case StartOutcome.Refused refused:
                await connection.SendAsync(new ServerFrame("error", "message_refused", "The message was refused by moderation.", Category: refused.Verdict.ReasonCategory), aborted);
                return null;
            default:
                return null;
        }
    }

    private async Task PumpAsync(Connection connection, Guid messageId, long afterSeq, CancellationToken aborted)
    {
        try
        {
            await foreach (var streamEvent in streams.ReadAsync(messageId, afterSeq, aborted))
            {
                await connection.SendAsync(streamEvent, aborted);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // The client left; the answer keeps generating and can be resumed.
        }
    }


    /// <summary>The socket plus a lock so concurrent answer pumps never interleave frames.</summary>
    private sealed class Connection(WebSocket socket) : IDisposable
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public void Dispose() => _send.Dispose();

        public async Task SendAsync<T>(T frame, CancellationToken cancellationToken)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, Json);
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

        public async Task CloseAsync(WebSocketCloseStatus status, string? reason, CancellationToken cancellationToken)
        {
            await _send.WaitAsync(cancellationToken);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseAsync(status, reason, cancellationToken);
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

        /// <summary>One whole text message, or Closed (client closed, oversize, idle, or aborted).</summary>
        public async Task<ReceivedFrame> ReceiveAsync(int maxBytes, CancellationToken cancellationToken)
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

    private sealed record ReceivedFrame(string? Text, bool Closed, WebSocketCloseStatus? CloseStatus, string? CloseReason)
    {
        public static readonly ReceivedFrame Gone = new(null, true, null, null);
    }
}
