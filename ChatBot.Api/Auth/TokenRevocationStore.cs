using ChatBot.Api.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.Api.Auth;

/// <summary>
/// What makes a not-yet-expired access token stop working, kept in Redis so every Api replica sees it at once:
/// a denied token id (logout), a denied session (session revoked), or a changed security stamp.
/// </summary>
public sealed class TokenRevocationStore(IConnectionMultiplexer redis, IOptions<JwtOptions> jwt)
{
    /// <summary>Cached stamp fingerprints expire so a lost Redis write heals from the database.</summary>
    private static readonly TimeSpan StampCacheLifetime = TimeSpan.FromHours(1);

    /// <summary>Marks a user who may not use any token (disabled or gone).</summary>
    public const string NoAccess = "-";

    private static RedisKey TokenKey(string jti) => $"auth:deny:jti:{jti}";

    private static RedisKey SessionKey(Guid sessionId) => $"auth:deny:sid:{sessionId}";

    private static RedisKey StampKey(Guid userId) => $"auth:stamp:{userId}";

    /// <summary>
    /// Present while Redis holds every denial written since it started. A restarted (or flushed) Redis has lost them:
    /// the missing marker says so, and <see cref="RevocationRestorer"/> writes them back from the database.
    /// </summary>
    public static readonly RedisKey CompleteKey = "auth:deny:complete";

    public Task DenyTokenAsync(string jti, TimeSpan remainingLifetime) =>
        redis.GetDatabase().StringSetAsync(TokenKey(jti), "1", Positive(remainingLifetime));

    /// <summary>Denies every access token of a session; they all expire within one access-token lifetime.</summary>
    public Task DenySessionsAsync(IEnumerable<Guid> sessionIds, TimeSpan accessTokenLifetime)
    {
        var database = redis.GetDatabase();
        var lifetime = Positive(accessTokenLifetime);
        return Task.WhenAll(sessionIds.Select(id => database.StringSetAsync(SessionKey(id), "1", lifetime)));
    }

    /// <summary>Publishes a user's new stamp fingerprint (or <see cref="NoAccess"/>), overwriting any cached one.</summary>
    public Task PublishStampAsync(Guid userId, string fingerprint) =>
        redis.GetDatabase().StringSetAsync(StampKey(userId), fingerprint, StampCacheLifetime);

    /// <summary>Erasure: the account is gone, and its sessions are denied; nothing about the user stays behind.</summary>
    public Task ForgetUserAsync(Guid userId) => redis.GetDatabase().KeyDeleteAsync(StampKey(userId));

    /// <summary>Fills the cache after a database read, unless a newer value was published meanwhile.</summary>
    public Task CacheStampAsync(Guid userId, string fingerprint) =>
        redis.GetDatabase().StringSetAsync(StampKey(userId), fingerprint, StampCacheLifetime, When.NotExists);

    /// <summary>
    /// The token check of <see cref="CheckAsync"/>, then, only when Redis says the token is fine (not denied, denials
    /// complete, the cached stamp is the token's), the request's permit from <paramref name="partition"/>: one round trip
    /// where a signed-in request used to need two. When the token needs a closer look nothing is spent, and the
    /// rate-limit middleware takes the permit itself.
    /// </summary>
    public async Task<(TokenStatus Status, RequestLimitResult? Permit)> CheckAndTakePermitAsync(
        string jti, Guid sessionId, Guid userId, string stamp, LimitPartition partition)
    {
        var permit = partition.ScriptParameters();
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(CheckThenTakePermit, new TokenCheckParameters(
            TokenKey(jti), SessionKey(sessionId), StampKey(userId), CompleteKey, stamp,
            permit.MinuteKey, permit.MinuteLimit, permit.MinuteMilliseconds, permit.HourKey, permit.HourLimit, permit.HourMilliseconds)))!;
        return (int)reply[0] == NeedsCloserLook
            ? (new TokenStatus((int)reply[1] == 1, (int)reply[2] == 1, reply[3].IsNull ? null : (string?)reply[3], (int)reply[4] == 1), null)
            : (new TokenStatus(false, false, stamp, true), partition.ResultOf(reply));
    }

    private const int NeedsCloserLook = -1;

    private static readonly LuaScript CheckThenTakePermit = LuaScript.Prepare($$"""
        local tokenDenied = redis.call('EXISTS', @TokenKey)
        local sessionDenied = redis.call('EXISTS', @SessionKey)
        local stamp = redis.call('GET', @StampKey)
        local complete = redis.call('EXISTS', @CompleteKey)
        if tokenDenied == 1 or sessionDenied == 1 or complete == 0 or stamp ~= @Stamp then
            return { {{NeedsCloserLook}}, tokenDenied, sessionDenied, stamp, complete }
        end
        {{RedisRequestLimiter.TakePermitLua}}
        """);

    /// <summary>The named parameters of the token check with its permit.</summary>
    private sealed record TokenCheckParameters(
        RedisKey TokenKey, RedisKey SessionKey, RedisKey StampKey, RedisKey CompleteKey, string Stamp,
        RedisKey MinuteKey, int MinuteLimit, long MinuteMilliseconds, RedisKey HourKey, int HourLimit, long HourMilliseconds);

    /// <summary>One round trip for everything a request needs to know about its token.</summary>
    public async Task<TokenStatus> CheckAsync(string jti, Guid sessionId, Guid userId)
    {
        var values = await redis.GetDatabase().StringGetAsync([TokenKey(jti), SessionKey(sessionId), StampKey(userId), CompleteKey]);
        return new TokenStatus(values[0].HasValue, values[1].HasValue, values[2].HasValue ? (string?)values[2] : null, values[3].HasValue);
    }

    /// <summary>Marks the denials as complete again once they were restored.</summary>
    public Task MarkCompleteAsync(DateTimeOffset restoredAt) =>
        redis.GetDatabase().StringSetAsync(CompleteKey, restoredAt.ToUnixTimeSeconds());

    public Task<bool> IsCompleteAsync() => redis.GetDatabase().KeyExistsAsync(CompleteKey);

    /// <summary>Validation accepts tokens for the clock skew past their expiry; a denial must last that long too.</summary>
    private TimeSpan Positive(TimeSpan lifetime) =>
        (lifetime > TimeSpan.Zero ? lifetime : TimeSpan.Zero) + TimeSpan.FromSeconds(jwt.Value.ClockSkewSeconds + 1);
}

/// <param name="TokenDenied">The token id was revoked (logout).</param>
/// <param name="SessionDenied">The token's session was revoked.</param>
/// <param name="StampFingerprint">The user's current stamp fingerprint when cached, else null (read the database).</param>
/// <param name="DenialsComplete">False when Redis lost its denials (a restart): the two flags above cannot be trusted.</param>
public sealed record TokenStatus(bool TokenDenied, bool SessionDenied, string? StampFingerprint, bool DenialsComplete);
