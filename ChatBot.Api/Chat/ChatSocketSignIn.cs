using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Chat;

/// <summary>
/// Who a chat socket speaks for: the access token of its first <c>auth</c> frame (when the URL carried none), which must
/// name the path's user, and later <c>auth</c> frames with a fresh token for the same user, which keep it open.
/// </summary>
public sealed class ChatSocketSignIn(BearerTokenValidator tokens, IOptions<ChatSettings> options)
{
    /// <summary>When the token stops being valid; the socket closes then unless it was renewed.</summary>
    public static DateTimeOffset ExpiresAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue("exp"), out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : DateTimeOffset.MaxValue;

    /// <summary>The user of the first frame's token, or null after closing the socket with the reason.</summary>
    public async Task<ClaimsPrincipal?> AuthenticateAsync(ChatSocketConnection connection, Guid pathUserId, CancellationToken aborted)
    {
        var settings = options.Value;
        var frame = await connection.ReceiveAsync(settings.MaxFrameBytes, TimeSpan.FromSeconds(settings.AuthenticationTimeoutSeconds), aborted);
        ClaimsPrincipal? principal = null;
        if (frame.Text is not null)
        {
            try
            {
                var auth = JsonSerializer.Deserialize<ClientFrame>(frame.Text, ApiConventionsExtensions.Json);
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
    public async Task<ClaimsPrincipal> RenewAsync(ChatSocketConnection connection, ClaimsPrincipal current, ClientFrame frame, CancellationToken aborted)
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
}
