using ChatBot.Api.Auditing;
using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.Api.Users;

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/api/v1/users/me").WithTags("Users").RequireAuthorization(Policies.User);
        me.MapGet("", GetMe).WithSummary("The signed-in user's profile");
        me.MapPatch("", UpdateMe).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Change user name, display name, preferred language or consents");
        me.MapPost("/password", ChangePassword).ProducesProblem(StatusCodes.Status423Locked).WithSummary("Change the password; other sessions end");
        me.MapGet("/sessions", ListSessions).WithSummary("Signed-in devices (active refresh-token families)");
        me.MapDelete("/sessions/{id:guid}", RevokeSession).WithSummary("Sign a device out");
        return routes;
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetMe(HttpContext http, ProfileReader profiles, CancellationToken cancellationToken) =>
        await profiles.GetAsync(http.User.UserId(), cancellationToken) is { } user ? TypedResults.Ok(user) : ProblemResults.NotFound("The account");

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateMe(
        UpdateProfileRequest request, HttpContext http, ProfileService profiles, CancellationToken cancellationToken)
    {
        var result = await profiles.UpdateAsync(http.User.UserId(), request, ClientInfo.From(http), cancellationToken);
        return ProblemResults.OkOrProblem(result, user => user);
    }

    private static async Task<Results<Ok<AccessTokenResponse>, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, HttpContext http, AccountService accounts, CancellationToken cancellationToken)
    {
        var result = await accounts.ChangePasswordAsync(http.User.UserId(), http.User.SessionIdOrNull()!.Value,
            request.CurrentPassword, request.NewPassword, cancellationToken);
        return ProblemResults.OkOrProblem(result, token => new AccessTokenResponse(token.Token, "bearer", token.ExpiresInSeconds));
    }

    private static async Task<Ok<SessionResponse[]>> ListSessions(HttpContext http, SessionService sessions, CancellationToken cancellationToken)
    {
        var current = http.User.SessionIdOrNull();
        var active = await sessions.ListActiveAsync(http.User.UserId(), cancellationToken);
        return TypedResults.Ok(active
            .Select(s => new SessionResponse(s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.Id == current))
            .ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeSession(
        Guid id, HttpContext http, SessionService sessions, AuditTrail audit, CancellationToken cancellationToken)
    {
        var userId = http.User.UserId();
        if (!await sessions.RevokeAsync(userId, id, "revoked_by_user", cancellationToken))
        {
            return ProblemResults.NotFound("The session");
        }

        await audit.RecordAsync(AuditActions.SessionRevoke, succeeded: true, userId, new { session_id = id }, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }
}
