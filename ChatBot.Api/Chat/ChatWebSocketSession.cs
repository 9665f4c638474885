using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using System.Threading.RateLimiting;
using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Api.Infrastructure.RateLimiting;
using ChatBot.Core.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.Api.Chat;

/// <summary>
/// One chat socket: authenticates (if the URL did not), then reads client frames and pumps answer streams back. The
/// token is checked again before every frame and the socket closes when it expires, so logout, revocation or a
/// disabled account end an open socket too; an <c>auth</c> frame with a fresh token extends it. Sends are serialised
/// because several answers may stream at once. Oversized frames close with 1009, idle sockets with 1000.
/// </summary>
public sealed class ChatWebSocketSession(
    IServiceScopeFactory scopes,
    ChatStreamStore streams,
    BearerTokenValidator tokens,
    AccessTokenValidator revocation,
    RedisRequestLimiter limiter,
    OpenSockets openSockets,
    IOptions<ChatSettings> options,
    ChatBotMetrics metrics,
    TimeProvider time,
    ILogger<ChatWebSocketSession> logger)
{
    /// <summary>Answers one socket may stream at the same time.</summary>
    public const int MaxConcurrentStreams = 4;

    private static JsonSerializerOptions Json => ApiConventionsExtensions.Json;

    public async Task RunAsync(WebSocket socket, Guid pathUserId, ClaimsPrincipal? authenticated, CancellationToken aborted)
    {
        metrics.WebSocketOpened();
        try
        {
            await ServeAsync(socket, pathUserId, authenticated, aborted);
        }
        finally
        {
            metrics.WebSocketClosed();
        }
    }

    private async Task ServeAsync(WebSocket socket, Guid pathUserId, ClaimsPrincipal? authenticated, CancellationToken aborted)
    {
        var socketActivity = Activity.Current?.Context ?? default;
        var settings = options.Value;
        using var connection = new Connection(socket);
        var principal = authenticated ?? await AuthenticateAsync(connection, pathUserId, settings, aborted);
        if (principal is null)
        {
            return;
        }

        var userId = principal.UserId();
        await using var registration = await openSockets.TryRegisterAsync(userId, socket);
        if (registration is null)
        {
            await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation,
                $"at most {settings.MaxSocketsPerUser} chat sockets per account", aborted);
            return;
        }

        await connection.SendAsync(new ServerFrame("ready", UserId: userId), aborted);
        // Every frame type costs Redis work; the budget is counted here, in memory, before any of it.
        using var frameBudget = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.SocketFrameBurst,
            TokensPerPeriod = settings.SocketFramesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = false,
            QueueLimit = 0,
        });
        var pumps = new Dictionary<Guid, Task>();
        while (socket.State == WebSocketState.Open && !aborted.IsCancellationRequested)
        {
            foreach (var finished in pumps.Where(p => p.Value.IsCompleted).Select(p => p.Key).ToList())
            {
                pumps.Remove(finished);
            }

            var untilExpiry = TimeSpan.FromTicks(Math.Min((ExpiresAt(principal) - time.GetUtcNow()).Ticks, TimeSpan.FromDays(1).Ticks));
            var idle = pumps.Count == 0 ? TimeSpan.FromSeconds(settings.IdleTimeoutSeconds) : Timeout.InfiniteTimeSpan;
            var wait = idle == Timeout.InfiniteTimeSpan || untilExpiry < idle ? untilExpiry : idle;
            var frame = await connection.ReceiveAsync(settings.MaxFrameBytes, wait, aborted);
            if (frame.TimedOut)
            {
                var expired = time.GetUtcNow() >= ExpiresAt(principal);
                await connection.CloseAsync(expired ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure,
                    expired ? "token expired" : "idle timeout", aborted);
                break;
            }

            if (frame.Closed)
            {
                await connection.CloseAsync(frame.CloseStatus ?? WebSocketCloseStatus.NormalClosure, frame.CloseReason, aborted);
                break;
            }

            frameBudget.TryReplenish();
            using (var permit = frameBudget.AttemptAcquire())
            {
                if (!permit.IsAcquired)
                {
                    await connection.SendAsync(new ServerFrame("error", "rate_limited",
                        $"At most {settings.SocketFramesPerSecond} frames a second on one socket; slow down.", RetryAfterSeconds: 1), aborted);
                    continue;
                }
            }

            await registration.RenewIfDueAsync();
            // Logout, a revoked session, a changed password or a disabled account end the socket at its next frame.
            if (await revocation.RejectionReasonAsync(principal, aborted) is { } reason)
            {
                await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, reason, aborted);
                break;
            }

            ClientFrame? message = null;
            try
            {
                message = JsonSerializer.Deserialize<ClientFrame>(frame.Text!, Json);
            }
            catch (JsonException)
            {
                await connection.SendAsync(new ServerFrame("error", "invalid_frame", "Frames are JSON objects with a 'type'."), aborted);
                continue;
            }

            using var frameActivity = ChatTelemetry.StartFrame(message?.Type, socketActivity);
            try
            {
                if (message?.Type == "auth")
                {
                    principal = await RenewAsync(connection, principal, message, aborted);
                    continue;
                }

                await HandleAsync(connection, userId, message, pumps, aborted);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not WebSocketException)
            {
                // One bad frame must not take the socket (and the answers streaming on it) down.
                logger.LogError(exception, "Chat socket frame failed");
                await connection.SendAsync(new ServerFrame("error", "internal_error", "That frame could not be handled."), aborted);
            }
        }

        await Task.WhenAll(pumps.Values).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static DateTimeOffset ExpiresAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue("exp"), out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : DateTimeOffset.MaxValue;

    private async Task<ClaimsPrincipal?> AuthenticateAsync(Connection connection, Guid pathUserId, ChatSettings settings, CancellationToken aborted)
    {
        var frame = await connection.ReceiveAsync(settings.MaxFrameBytes, TimeSpan.FromSeconds(settings.AuthenticationTimeoutSeconds), aborted);
        ClaimsPrincipal? principal = null;
        if (frame.Text is not null)
        {
            try
            {
                var auth = JsonSerializer.Deserialize<ClientFrame>(frame.Text, Json);
                principal = auth is { Type: "auth", AccessToken: { Length: > 0 } token } ? await tokens.ValidateAsync(token, aborted) : null;
            }
            catch (JsonException)
            {
                // Treated as a missing authentication below.
            }
        }

        if (principal is null || principal.UserId() != pathUserId)
        {
            await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation,
                principal is null ? "authentication required" : "user id does not match the token", aborted);
            return null;
        }

        return principal;
    }

    /// <summary>A fresh token for the same user keeps the socket open past the old token's expiry.</summary>
    private async Task<ClaimsPrincipal> RenewAsync(Connection connection, ClaimsPrincipal current, ClientFrame frame, CancellationToken aborted)
    {
        var renewed = frame.AccessToken is { Length: > 0 } token ? await tokens.ValidateAsync(token, aborted) : null;
        if (renewed is null || renewed.UserId() != current.UserId())
        {
            await connection.SendAsync(new ServerFrame("error", "invalid_token", "The token is invalid or belongs to another user."), aborted);
            return current;
        }

        await connection.SendAsync(new ServerFrame("ready", UserId: renewed.UserId()), aborted);
        return renewed;
    }

    private async Task HandleAsync(Connection connection, Guid userId, ClientFrame? frame, Dictionary<Guid, Task> pumps, CancellationToken aborted)
    {
        switch (frame?.Type)
        {
            case "ping":
                await connection.SendAsync(new ServerFrame("pong"), aborted);
                break;
            case "message" when pumps.Count >= MaxConcurrentStreams:
            case "resume" when pumps.Count >= MaxConcurrentStreams:
                await connection.SendAsync(new ServerFrame("error", "too_many_streams", $"At most {MaxConcurrentStreams} answers stream on one socket at a time."), aborted);
                break;
            case "message":
                if (await StartAsync(connection, userId, frame, aborted) is { } started)
                {
                    pumps[started] = PumpAsync(connection, started, 0, aborted);
                }

                break;
            case "resume" when frame.MessageId is { } resumeId:
                // A resume re-reads the whole stream: it spends the user's request budget like a message.
                if (!await ChargeAsync(connection, userId, aborted))
                {
                    break;
                }

                var meta = await streams.GetMetaAsync(resumeId);
                if (meta is null || meta.UserId != userId)
                {
                    await connection.SendAsync(new ServerFrame("error", "not_found", "No such answer.", resumeId), aborted);
                }
                else if (frame.AfterSeq is < 0 or > ChatStreamStore.MaxSeq)
                {
                    await connection.SendAsync(new ServerFrame("error", "invalid_frame", "after_seq is the number of the last event received (0 for all).", resumeId), aborted);
                }
                else if (pumps.ContainsKey(resumeId))
                {
                    await connection.SendAsync(new ServerFrame("error", "already_streaming", "This answer is already streaming on this socket.", resumeId), aborted);
                }
                else
                {
                    pumps[resumeId] = PumpAsync(connection, resumeId, frame.AfterSeq ?? 0, aborted);
                }

                break;
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

                break;
            default:
                await connection.SendAsync(new ServerFrame("error", "invalid_frame", "Unknown or incomplete frame; types: message, stop, resume, ping, auth."), aborted);
                break;
        }
    }

    /// <summary>Starts a turn (rate-limited like any request); returns the answer's id, or null after reporting why not.</summary>
    private async Task<Guid?> StartAsync(Connection connection, Guid userId, ClientFrame frame, CancellationToken aborted)
    {
        if (!await ChargeAsync(connection, userId, aborted))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ChatTurnCoordinator>()
            .StartAsync(userId, new SendMessageRequest(frame.Message, frame.ConversationId, frame.Language), aborted);
        var refusal = outcome switch
        {
            StartOutcome.Started => null,
            StartOutcome.Invalid invalid => new ServerFrame("error", invalid.StatusCode == StatusCodes.Status413PayloadTooLarge ? "message_too_long" : "invalid_message", invalid.Message),
            StartOutcome.ConversationNotFound => new ServerFrame("error", "not_found", "No such conversation."),
            StartOutcome.Refused refused => new ServerFrame("error", "message_refused", "The message was refused by moderation.", Category: refused.Verdict.ReasonCategory),
            StartOutcome.ConversationBusy => new ServerFrame("error", "conversation_busy", "The previous answer in this conversation is still being written."),
            StartOutcome.TooManyAnswers tooMany => new ServerFrame("error", "too_many_answers", tooMany.Detail),
            _ => new ServerFrame("error", "internal_error", "The message could not be started."),
        };
        if (refusal is not null)
        {
            await connection.SendAsync(refusal, aborted);
            return null;
        }

        return ((StartOutcome.Started)outcome).AssistantMessageId;
    }

    /// <summary>
    /// Spends one request of the user's shared budget, as an HTTP call would; false after telling the client to slow down.
    /// With Redis unavailable the call goes unlimited, as in <see cref="RateLimitMiddleware"/>.
    /// </summary>
    private async Task<bool> ChargeAsync(Connection connection, Guid userId, CancellationToken aborted)
    {
        if (!limiter.Options.Enabled)
        {
            return true;
        }

        RequestLimitResult limit;
        try
        {
            limit = await limiter.AcquireAsync(new LimitPartition("user", userId.ToString(), limiter.Options.PerMinute, limiter.Options.PerHour), aborted);
        }
        catch (RedisException exception)
        {
            logger.LogError(exception, "Rate limiting skipped: Redis unavailable");
            return true;
        }

        if (limit.Allowed)
        {
            return true;
        }

        await connection.SendAsync(new ServerFrame("error", "rate_limited", "Too many requests; slow down.",
            RetryAfterSeconds: (int)Math.Ceiling(limit.RetryAfter?.TotalSeconds ?? 1)), aborted);
        return false;
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
        private Task<ReceivedFrame>? _pendingReceive;

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

    private sealed record ReceivedFrame(string? Text, bool Closed, WebSocketCloseStatus? CloseStatus, string? CloseReason, bool TimedOut = false)
    {
        public static readonly ReceivedFrame Gone = new(null, true, null, null);

        public static readonly ReceivedFrame Timeout = new(null, false, null, null, TimedOut: true);
    }
}
