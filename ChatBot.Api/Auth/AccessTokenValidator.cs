using ChatBot.Api.RateLimiting;
using ChatBot.Core.Data;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Auth;

/// <summary>
/// Runs after the JWT's signature, issuer, audience and lifetime were verified, and rejects tokens that were revoked
/// since they were issued. Costs one Redis round trip, which also takes the request's permit when the rate-limit
/// middleware would charge it to the user; the database only on a cache miss.
/// </summary>
public sealed class AccessTokenValidator(
    TokenRevocationStore revocations, RevocationRestorer restorer, RedisRequestLimiter limiter, IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task ValidateAsync(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        var principal = context.Principal!;
        var partition = Guid.TryParse(principal.FindFirst(ChatBotClaims.Subject)?.Value, out var userId) ? limiter.UserPartitionFor(http, userId) : null;
        var (reason, permit) = await CheckAsync(principal, partition, http.RequestAborted);
        if (reason is not null)
        {
            context.Fail(reason);
        }
        else if (permit is not null)
        {
            http.Features.Set(new TakenPermit(permit));
        }
    }

    /// <summary>Why a signature-valid token must still be refused, or null when it may be used.</summary>
    public async Task<string?> RejectionReasonAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        (await CheckAsync(principal, null, cancellationToken)).Reason;

    /// <summary>
    /// Why a signature-valid token must still be refused (null when it may be used) and, when a
    /// <paramref name="partition"/> is given and the token is fine, the request's permit taken in the same round trip.
    /// </summary>
    private async Task<(string? Reason, RequestLimitResult? Permit)> CheckAsync(
        System.Security.Claims.ClaimsPrincipal principal, LimitPartition? partition, CancellationToken cancellationToken)
    {
        var jti = principal.FindFirst(ChatBotClaims.TokenId)?.Value;
        var sessionId = principal.SessionIdOrNull();
        var stamp = principal.FindFirst(ChatBotClaims.StampFingerprint)?.Value;
        if (jti is null || sessionId is null || stamp is null || !Guid.TryParse(principal.FindFirst(ChatBotClaims.Subject)?.Value, out var userId))
        {
            return ("The token lacks required claims.", null);
        }

        var (status, permit) = partition is null
            ? (await revocations.CheckAsync(jti, sessionId.Value, userId), null)
            : await revocations.CheckAndTakePermitAsync(jti, sessionId.Value, userId, stamp, partition);
        if (permit is not null)
        {
            return (null, permit);
        }

        if (!status.DenialsComplete)
        {
            await restorer.RestoreAsync(cancellationToken);
            status = await revocations.CheckAsync(jti, sessionId.Value, userId);
        }

        if (status.TokenDenied || status.SessionDenied)
        {
            return ("The token was revoked.", null);
        }

        var current = status.StampFingerprint ?? await LoadStampAsync(userId, overwrite: false, cancellationToken);
        if (current != stamp && status.StampFingerprint is not null)
        {
            // The cache may lag behind a change nobody published: the database decides, and corrects the cache.
            current = await LoadStampAsync(userId, overwrite: true, cancellationToken);
        }

        if (current == stamp)
        {
            return (null, null);
        }

        // Stamps never go back: remember this token as refused, so presenting it again costs no database read.
        await revocations.DenyTokenAsync(jti, RemainingLifetime(principal));
        return ("The account changed since the token was issued.", null);
    }

    private TimeSpan RemainingLifetime(System.Security.Claims.ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst("exp")?.Value, out var expires)
            ? DateTimeOffset.FromUnixTimeSeconds(expires) - time.GetUtcNow()
            : TimeSpan.FromHours(1);

    private async Task<string> LoadStampAsync(Guid userId, bool overwrite, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatBotDbContext>();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.IsDisabled })
            .SingleOrDefaultAsync(cancellationToken);
        var fingerprint = user is null || user.IsDisabled
            ? TokenRevocationStore.NoAccess
            : AccessTokenIssuer.StampFingerprint(user.SecurityStamp);
        await (overwrite ? revocations.PublishStampAsync(userId, fingerprint) : revocations.CacheStampAsync(userId, fingerprint));
        return fingerprint;
    }
}
