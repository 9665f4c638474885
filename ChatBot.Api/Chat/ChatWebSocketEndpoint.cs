using System.Net.WebSockets;
using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Chat;

/// <summary>
/// <c>WS /api/v1/chat/ws/{user_id}</c> (the seed's path). The access token comes in the query (<c>access_token</c>) or in
/// a first <c>auth</c> frame; <c>user_id</c> must be the token's subject, else the handshake is refused (403) or the
/// socket is closed with policy violation (1008).
/// </summary>
public static class ChatWebSocketEndpoint
{
    public static IEndpointRouteBuilder MapChatWebSocket(this IEndpointRouteBuilder routes)
    {
        // Anonymous at the HTTP level on purpose: a client may authenticate in its first frame instead.
        routes.MapGet($"{AuthExtensions.WebSocketPathPrefix}/{{userId:guid}}", ConnectAsync)
            .AllowAnonymous()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithTags("Chat")
            .WithSummary("Chat over a WebSocket: message, stop, resume and ping frames; start, delta, sources, done, error, pong back");
        return routes;
    }

    private static async Task<IResult> ConnectAsync(Guid userId, HttpContext http, ChatWebSocketSession session, IOptions<ChatSettings> options)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return ProblemResults.Validation("connection", "This endpoint speaks WebSocket only.");
        }

        var authenticated = http.User.Identity?.IsAuthenticated == true;
        if (!authenticated && http.Request.Query.ContainsKey("access_token"))
        {
            return ProblemResults.Unauthorized("The access token is invalid, expired or revoked.");
        }

        if (authenticated && http.User.UserId() != userId)
        {
            return ProblemResults.Forbidden("The path's user id is not the token's user.");
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        await session.RunAsync(socket, userId, authenticated ? http.User : null, http.RequestAborted);
        return TypedResults.Empty;
    }
}
