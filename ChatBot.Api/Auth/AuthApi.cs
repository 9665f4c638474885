using ChatBot.Api.Auditing;
using ChatBot.Api.Infrastructure;
using ChatBot.Api.RateLimiting;
using ChatBot.Api.Users;
using ChatBot.Core.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Auth;

public static class AuthApi
{
    private const string InvalidCredentials = "The email/user name or password is not correct.";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auth").WithTags("Auth");

        // Endpoints that take a password get the strict per-IP limit that slows credential stuffing; refresh has its own.
        var anonymous = group.MapGroup("").AllowAnonymous().WithMetadata(RateLimitTier.Credentials);
        anonymous.MapPost("/register", Register).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Create an account");
        anonymous.MapPost("/login", Login)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status423Locked)
            .WithSummary("Sign in: returns an access token and a refresh token");
        group.MapPost("/refresh", Refresh).AllowAnonymous().WithMetadata(RateLimitTier.Refresh)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Exchange a refresh token for a new pair (the old one is spent)");
        anonymous.MapPost("/forgot-password", ForgotPassword).WithSummary("Email a password-reset code (always 202)");
        anonymous.MapPost("/reset-password", ResetPassword).WithSummary("Set a new password with a reset code; ends all sessions");

        group.MapPost("/logout", Logout).RequireAuthorization(Policies.User)
            .WithSummary("End this session: its refresh tokens and this access token stop working at once");
        return routes;
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, AccountService accounts, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await accounts.RegisterAsync(request, ClientInfo.From(http), cancellationToken);
        return result.Kind switch
        {
            ResultKind.Ok => TypedResults.Created("/api/v1/users/me", UserResponse.From(result.Value!, Core.Identity.Roles.User)),
            ResultKind.Invalid => ProblemResults.Validation(result.Errors!),
            _ => ProblemResults.Conflict(result.Detail!),
        };
    }

    private static async Task<Results<Ok<TokenPair>, ProblemHttpResult>> Login(
        LoginRequest request, AccountService accounts, HttpContext http, CancellationToken cancellationToken)
    {
        var outcome = await accounts.LoginAsync(request, ClientInfo.From(http), cancellationToken);
        switch (outcome.Result)
        {
            case LoginResult.Success:
                return TypedResults.Ok(outcome.Tokens!);
            case LoginResult.LockedOut:
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(outcome.RetryAfter!.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status423Locked, title: "Account locked",
                    detail: "Too many failed sign-in attempts. Try again later or reset the password.");
            case LoginResult.Disabled:
                return ProblemResults.Forbidden("This account is disabled.");
            default:
                return ProblemResults.Unauthorized(InvalidCredentials);
        }
    }

    private static async Task<Results<Ok<TokenPair>, ProblemHttpResult>> Refresh(
        RefreshRequest request, SessionService sessions, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        var outcome = await sessions.RefreshAsync(request.RefreshToken, ClientInfo.From(http), cancellationToken);
        switch (outcome.Result)
        {
            case RefreshResult.Success:
                return TypedResults.Ok(outcome.Tokens!);
            case RefreshResult.Limited:
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(outcome.RetryAfter!.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: "This session refreshed too often. Retry after the time in Retry-After; the refresh token stays valid.");
            case RefreshResult.Reused:
                await audit.RecordAsync(AuditActions.RefreshReuse, succeeded: false, outcome.UserId,
                    new { session_id = outcome.SessionId }, cancellationToken: cancellationToken);
                return ProblemResults.Unauthorized("This refresh token was already used; the session has been ended for safety. Sign in again.");
            default:
                await audit.RecordAsync(AuditActions.Refresh, succeeded: false, outcome.UserId, cancellationToken: cancellationToken);
                return ProblemResults.Unauthorized("The refresh token is invalid or expired. Sign in again.");
        }
    }

    private static async Task<NoContent> Logout(
        HttpContext http, SessionService sessions, TokenRevocationStore revocations, AuditTrail audit,
        IOptions<JwtOptions> jwt, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = http.User;
        var userId = user.UserId();
        if (user.SessionIdOrNull() is { } sessionId)
        {
            await sessions.RevokeAsync(userId, sessionId, "logout", cancellationToken);
        }

        // The token in hand dies now too, even on a replica that has not heard of the session's end.
        if (user.FindFirst(ChatBotClaims.TokenId)?.Value is { } jti)
        {
            var expires = long.TryParse(user.FindFirst("exp")?.Value, out var exp)
                ? DateTimeOffset.FromUnixTimeSeconds(exp)
                : time.GetUtcNow().Add(jwt.Value.AccessTokenLifetime);
            await revocations.DenyTokenAsync(jti, expires - time.GetUtcNow());
        }

        await audit.RecordAsync(AuditActions.Logout, succeeded: true, userId, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Accepted<AcceptedResponse>> ForgotPassword(
        ForgotPasswordRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        await accounts.RequestPasswordResetAsync(request.Email, cancellationToken);
        return TypedResults.Accepted((string?)null,
            new AcceptedResponse("If an account uses this email, a reset code is on its way."));
    }

    private static async Task<Results<NoContent, ValidationProblem>> ResetPassword(
        ResetPasswordRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var result = await accounts.ResetPasswordAsync(request, cancellationToken);
        return result.Kind == ResultKind.Ok ? TypedResults.NoContent() : ProblemResults.Validation(result.Errors!);
    }
}
