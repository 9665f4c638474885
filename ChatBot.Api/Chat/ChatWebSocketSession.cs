using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Chat;

/// <summary>
/// One chat socket's life: signs it in (if the URL did not), then reads frames until the client leaves, the token
/// expires or the socket idles, and hands each frame to <see cref="ChatSocketFrames"/>. The token is checked again
/// before every frame, so logout, revocation or a disabled account end an open socket too; an <c>auth</c> frame with a
/// fresh token extends it. Oversized frames close with 1009, idle sockets with 1000.
/// </summary>
public sealed class ChatWebSocketSession(
    ChatSocketFrames frames,
    ChatSocketSignIn signIn,
    AccessTokenValidator revocation,
    OpenSockets openSockets,
    IOptions<ChatSettings> options,
    ChatBotMetrics metrics,
    TimeProvider time,
    ILogger<ChatWebSocketSession> logger)
{
    public async Task RunAsync(WebSocket socket, Guid pathUserId, ClaimsPrincipal? authenticated, CancellationToken aborted)
    {
        metrics.WebSocketOpened();
        try
        {
            using var connection = new ChatSocketConnection(socket);
            var principal = authenticated ?? await signIn.AuthenticateAsync(connection, pathUserId, aborted);
            if (principal is not null)
            {
                await ServeAsync(connection, principal, aborted);
                await Task.WhenAll(connection.Streaming.Values).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        finally
        {
            metrics.WebSocketClosed();
        }
    }

    private async Task ServeAsync(ChatSocketConnection connection, ClaimsPrincipal principal, CancellationToken aborted)
    {
        var socketActivity = Activity.Current?.Context ?? default;
        var settings = options.Value;
        var userId = principal.UserId();
        await using var registration = await openSockets.TryRegisterAsync(userId, connection.Socket);
        if (registration is null)
        {
            await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, $"at most {settings.MaxSocketsPerUser} chat sockets per account", aborted);
            return;
        }

        await connection.SendAsync(new ServerFrame("ready", UserId: userId), aborted);
        using var frameBudget = settings.NewSocketFrameBudget();
        while (connection.Socket.State == WebSocketState.Open && !aborted.IsCancellationRequested)
        {
            var untilExpiry = ChatSocketSignIn.ExpiresAt(principal) - time.GetUtcNow();
            var idle = connection.Streaming.Values.All(s => s.IsCompleted) ? TimeSpan.FromSeconds(settings.IdleTimeoutSeconds) : TimeSpan.MaxValue;
            var frame = await connection.ReceiveAsync(settings.MaxFrameBytes, new[] { untilExpiry, idle, TimeSpan.FromDays(1) }.Min(), aborted);
            if (frame.Closed)
            {
                await connection.CloseAsync(frame.CloseStatus ?? WebSocketCloseStatus.NormalClosure, frame.CloseReason, aborted);
                break;
            }

            if (frame.TimedOut)
            {
                var expired = time.GetUtcNow() >= ChatSocketSignIn.ExpiresAt(principal);
                await connection.CloseAsync(expired ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure,
                    expired ? "token expired" : "idle timeout", aborted);
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

            principal = await HandleAsync(connection, principal, frame.Text!, socketActivity, aborted);
        }
    }

    /// <summary>One frame: a token renewal (the principal from now on), or work for <see cref="ChatSocketFrames"/>.</summary>
    private async Task<ClaimsPrincipal> HandleAsync(ChatSocketConnection connection, ClaimsPrincipal principal, string text, ActivityContext socketActivity, CancellationToken aborted)
    {
        ClientFrame? message;
        try
        {
            message = JsonSerializer.Deserialize<ClientFrame>(text, ApiConventionsExtensions.Json);
        }
        catch (JsonException)
        {
            await connection.SendAsync(new ServerFrame("error", "invalid_frame", "Frames are JSON objects with a 'type'."), aborted);
            return principal;
        }

        using var frameActivity = ChatTelemetry.StartFrame(message?.Type, socketActivity);
        try
        {
            if (message?.Type == "auth")
            {
                return await signIn.RenewAsync(connection, principal, message, aborted);
            }

            await frames.HandleAsync(connection, principal.UserId(), message, aborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not WebSocketException)
        {
            // One bad frame must not take the socket (and the answers streaming on it) down.
            logger.LogError(exception, "Chat socket frame failed");
            await connection.SendAsync(new ServerFrame("error", "internal_error", "That frame could not be handled."), aborted);
        }

        return principal;
    }
}
