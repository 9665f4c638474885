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
        using var connection = new ChatSocketConnection(socket);
        try
        {
            var principal = authenticated ?? await signIn.AuthenticateAsync(connection, pathUserId, aborted);
            if (principal is null)
            {
                return; // Sign-in closed the socket, saying why.
            }

            await using var registration = await openSockets.TryRegisterAsync(principal.UserId(), socket);
            if (registration is null)
            {
                await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, $"at most {options.Value.MaxSocketsPerUser} chat sockets per account", aborted);
                return;
            }

            await connection.SendAsync(new ServerFrame("ready", UserId: principal.UserId()), aborted);
            // The answers streaming here stop with the socket, while it still holds its slot (they keep generating).
            var streaming = new SocketStreams();
            using var open = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            try
            {
                await ReadFramesAsync(connection, streaming, principal, registration, aborted, open.Token);
            }
            finally
            {
                await open.CancelAsync();
                await streaming.WhenAllEndedAsync();
            }
        }
        finally
        {
            metrics.WebSocketClosed();
        }
    }

    private async Task ReadFramesAsync(
        ChatSocketConnection connection, SocketStreams streaming, ClaimsPrincipal principal, OpenSockets.Registration registration,
        CancellationToken aborted, CancellationToken socketOpen)
    {
        var socketActivity = Activity.Current?.Context ?? default;
        var settings = options.Value;
        using var frameBudget = ChatSocketFrames.NewFrameBudget(settings);
        while (connection.Socket.State == WebSocketState.Open && !aborted.IsCancellationRequested)
        {
            var untilExpiry = ChatSocketSignIn.ExpiresAt(principal) - time.GetUtcNow();
            var idle = streaming.IsIdle ? TimeSpan.FromSeconds(settings.IdleTimeoutSeconds) : TimeSpan.MaxValue;
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

            if (!await ChatSocketFrames.TrySpendAsync(frameBudget, settings, connection, aborted))
            {
                continue;
            }

            await registration.RenewIfDueAsync();
            // Logout, a revoked session, a changed password or a disabled account end the socket at its next frame.
            if (await revocation.RejectionReasonAsync(principal, aborted) is { } reason)
            {
                await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, reason, aborted);
                break;
            }

            principal = await HandleAsync(connection, streaming, principal, frame.Text!, socketActivity, socketOpen);
        }
    }

    /// <summary>One frame: a token renewal (the principal from now on), or work for <see cref="ChatSocketFrames"/>.</summary>
    private async Task<ClaimsPrincipal> HandleAsync(
        ChatSocketConnection connection, SocketStreams streaming, ClaimsPrincipal principal, string text, ActivityContext socketActivity, CancellationToken aborted)
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

            await frames.HandleAsync(connection, streaming, principal.UserId(), message, aborted);
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
