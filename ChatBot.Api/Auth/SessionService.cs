using ChatBot.Api.RateLimiting;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Auth;

/// <summary>
/// Sessions (refresh-token families): sign-in creates one, refresh rotates its token, presenting a spent token
/// revokes the whole family, logout and admin actions revoke them and deny their access tokens at once.
/// </summary>
public sealed class SessionService(
    ChatBotDbContext db,
    UserManager<User> users,
    AccessTokenIssuer issuer,
    TokenRevocationStore revocations,
    RedisRequestLimiter limiter,
    IOptions<JwtOptions> jwtOptions,
    TimeProvider time)
{
    private JwtOptions Jwt => jwtOptions.Value;

    public async Task<TokenPair> StartAsync(User user, ClientInfo client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = new UserSession
        {
            UserId = user.Id,
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = now.Add(Jwt.RefreshTokenLifetime),
            IpAddress = client.IpAddress,
            UserAgent = client.UserAgent,
        };
        var refreshToken = RefreshTokens.NewToken();
        session.RefreshTokens.Add(NewRefreshToken(session, refreshToken, now));
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return TokenPair.Bearer(await IssueAccessTokenAsync(user, session.Id), refreshToken, Jwt.RefreshTokenLifetime);
    }

    public async Task<RefreshOutcome> RefreshAsync(string presentedToken, ClientInfo client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = RefreshTokens.Hash(presentedToken);
        var token = await db.RefreshTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (token is null)
        {
            return RefreshOutcome.Invalid();
        }

        var session = await db.UserSessions.SingleAsync(s => s.Id == token.SessionId, cancellationToken);
        if (session.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return RefreshOutcome.Invalid(token.UserId);
        }

        // Before spending the token, so a client told to wait still holds a usable one.
        if (limiter.Options.Enabled)
        {
            var budget = await limiter.AcquireAsync(LimitPartition.ForSessionRefresh(session.Id, limiter.Options), cancellationToken);
            if (!budget.Allowed)
            {
                return RefreshOutcome.Limited(token.UserId, session.Id, budget.RetryAfter ?? TimeSpan.FromMinutes(1));
            }
        }

        // Spend the token atomically: of two concurrent refreshes with one token, only one can win.
        var spent = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.ConsumedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ConsumedAt, now), cancellationToken);
        if (spent == 0)
        {
            await RevokeAsync(session, "refresh_token_reuse", cancellationToken);
            return RefreshOutcome.Reused(token.UserId, session.Id);
        }

        var user = await users.FindByIdAsync(token.UserId.ToString());
        if (user is null || user.IsDisabled)
        {
            await RevokeAsync(session, "account_disabled", cancellationToken);
            return RefreshOutcome.Invalid(token.UserId);
        }

        var next = RefreshTokens.NewToken();
        var nextToken = NewRefreshToken(session, next, now);
        db.RefreshTokens.Add(nextToken);
        db.Entry(token).Property(t => t.ReplacedByTokenId).CurrentValue = nextToken.Id;
        session.LastUsedAt = now;
        session.ExpiresAt = nextToken.ExpiresAt;
        session.IpAddress = client.IpAddress ?? session.IpAddress;
        session.UserAgent = client.UserAgent ?? session.UserAgent;
        await db.SaveChangesAsync(cancellationToken);
        return RefreshOutcome.Success(user.Id,
            TokenPair.Bearer(await IssueAccessTokenAsync(user, session.Id), next, Jwt.RefreshTokenLifetime));
    }

    /// <summary>A fresh access token for an existing session (e.g. after a password change voided the old one).</summary>
    public async Task<IssuedAccessToken> IssueAccessTokenAsync(User user, Guid sessionId)
    {
        var roles = await users.GetRolesAsync(user);
        return issuer.Issue(user, PrimaryRole(roles), sessionId);
    }

    public async Task<IReadOnlyList<UserSession>> ListActiveAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastUsedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of the user's active sessions; false when there is no such session for this user.</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid sessionId, string reason, CancellationToken cancellationToken)
    {
        var session = await db.UserSessions.SingleOrDefaultAsync(
            s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null, cancellationToken);
        if (session is null)
        {
            return false;
        }

        await RevokeAsync(session, reason, cancellationToken);
        return true;
    }

    /// <summary>Revokes every active session of a user, optionally keeping the one in use.</summary>
    public async Task<int> RevokeAllAsync(Guid userId, string reason, CancellationToken cancellationToken, Guid? except = null)
    {
        var now = time.GetUtcNow();
        var ids = await db.UserSessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != except)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        await db.UserSessions.Where(s => ids.Contains(s.Id)).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.RevokedAt, now)
            .SetProperty(s => s.RevokedReason, reason), cancellationToken);
        await revocations.DenySessionsAsync(ids, Jwt.AccessTokenLifetime);
        return ids.Count;
    }

    private async Task RevokeAsync(UserSession session, string reason, CancellationToken cancellationToken)
    {
        session.RevokedAt = time.GetUtcNow();
        session.RevokedReason = reason;
        await db.SaveChangesAsync(cancellationToken);
        await revocations.DenySessionsAsync([session.Id], Jwt.AccessTokenLifetime);
    }

    /// <summary>Accounts hold one role; should several exist, the strongest wins.</summary>
    public static string PrimaryRole(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return set.Contains(Roles.Admin) ? Roles.Admin : set.Contains(Roles.Moderator) ? Roles.Moderator : Roles.User;
    }

    private RefreshToken NewRefreshToken(UserSession session, string token, DateTimeOffset now) => new()
    {
        SessionId = session.Id,
        UserId = session.UserId,
        TokenHash = RefreshTokens.Hash(token),
        CreatedAt = now,
        ExpiresAt = now.Add(Jwt.RefreshTokenLifetime),
    };
}
