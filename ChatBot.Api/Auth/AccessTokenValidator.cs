using ChatBot.Core.Data;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Auth;

/// <summary>
/// Runs after the JWT's signature, issuer, audience and lifetime were verified, and rejects tokens that were revoked
/// since they were issued. Costs one Redis round trip; the database only on a cache miss.
/// </summary>
public sealed class AccessTokenValidator(
    TokenRevocationStore revocations, RevocationRestorer restorer, IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task ValidateAsync(TokenValidatedContext context)
    {
        if (await RejectionReasonAsync(context.Principal!, context.HttpContext.RequestAborted) is { } reason)
        {
            context.Fail(reason);
        }
    }

    /// <summary>Why a signature-valid token must still be refused, or null when it may be used.</summary>
    public async Task<string?> RejectionReasonAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var jti = principal.FindFirst(ChatBotClaims.TokenId)?.Value;
        var sessionId = principal.SessionIdOrNull();
        var stamp = principal.FindFirst(ChatBotClaims.StampFingerprint)?.Value;
        if (jti is null || sessionId is null || stamp is null || !Guid.TryParse(principal.FindFirst(ChatBotClaims.Subject)?.Value, out var userId))
        {
            return "The token lacks required claims.";
        }

        var status = await revocations.CheckAsync(jti, sessionId.Value, userId);
        if (!status.DenialsComplete)
        {
            await restorer.RestoreAsync(cancellationToken);
            status = await revocations.CheckAsync(jti, sessionId.Value, userId);
        }

        if (status.TokenDenied || status.SessionDenied)
        {
            return "The token was revoked.";
        }

        var current = status.StampFingerprint ?? await LoadStampAsync(userId, overwrite: false, cancellationToken);
        if (current != stamp && status.StampFingerprint is not null)
        {
            // The cache may lag behind a change nobody published: the database decides, and corrects the cache.
            current = await LoadStampAsync(userId, overwrite: true, cancellationToken);
        }

        if (current == stamp)
        {
            return null;
        }

        // Stamps never go back: remember this token as refused, so presenting it again costs no database read.
        await revocations.DenyTokenAsync(jti, RemainingLifetime(principal));
        return "The account changed since the token was issued.";
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
