using ChatBot.Api.Auth;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.Api.RateLimiting;

/// <summary>
/// Per-user (or per-IP) fixed windows of a minute and an hour, counted in Redis so every Api replica shares one budget.
/// Both windows are checked and counted by one script, atomically and in one round trip: a request refused by either
/// window spends nothing, and a Redis round trip costs an authenticated read about 65 µs of CPU (bench/http.sh), which
/// is why this is not two RedisRateLimiting fixed-window limiters awaited one after the other. Each window's key
/// includes its limit, so differently configured hosts never share a counter by accident.
/// </summary>
public sealed class RedisRequestLimiter(IConnectionMultiplexer redis, IOptions<RateLimitingOptions> options, ILogger<RedisRequestLimiter> logger)
{
    /// <summary>
    /// Refuses when either window is spent (saying which, and how long it has left), else counts the request in both; a
    /// window starts with its first request and ends when its key expires. Also the tail of the token check's script
    /// (<see cref="Auth.TokenRevocationStore"/>), which takes a signed-in request's permit in the same round trip.
    /// </summary>
    public const string TakePermitLua = """
        local minute = tonumber(redis.call('GET', @MinuteKey) or 0)
        if minute >= tonumber(@MinuteLimit) then return { 0, 0, redis.call('PTTL', @MinuteKey) } end
        local hour = tonumber(redis.call('GET', @HourKey) or 0)
        if hour >= tonumber(@HourLimit) then return { 0, 1, redis.call('PTTL', @HourKey) } end
        minute = redis.call('INCR', @MinuteKey)
        if minute == 1 then redis.call('PEXPIRE', @MinuteKey, @MinuteMilliseconds) end
        if redis.call('INCR', @HourKey) == 1 then redis.call('PEXPIRE', @HourKey, @HourMilliseconds) end
        return { 1, minute, 0 }
        """;

    private static readonly LuaScript TakePermit = LuaScript.Prepare(TakePermitLua);

    public RateLimitingOptions Options { get; } = options.Value;

    /// <summary>
    /// The user's budget when the rate-limit middleware would charge this signed-in request to it (limits on, an
    /// <c>/api</c> path, an endpoint of the default tier), else null. Authentication then takes the permit in the same
    /// round trip as its token check and leaves it in <see cref="TakenPermit"/>.
    /// </summary>
    public LimitPartition? UserPartitionFor(HttpContext context, Guid userId) =>
        Options.Enabled && context.Request.Path.StartsWithSegments("/api") && context.GetEndpoint()?.Metadata.GetMetadata<RateLimitTier>() is null
            ? LimitPartition.ForUser(userId, Options)
            : null;

    /// <summary>Erasure: deletes an owner's counters now (their keys carry the user id) rather than at the end of the hour.</summary>
    public async Task ForgetOwnerAsync(string owner, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: $"rl:*{owner}*", pageSize: 1000).WithCancellation(cancellationToken))
            {
                await database.KeyDeleteAsync(key);
            }
        }
    }

    /// <summary>
    /// <see cref="AcquireAsync"/> for every caller that must not fail with Redis: null when limits are off or the
    /// connection to Redis is down. Losing Redis must not take the Api down with it, so the call goes unlimited and says
    /// so loudly. A Redis that answers too slowly (a timeout) still throws: the request gets a fast 503 instead.
    /// </summary>
    public async Task<RequestLimitResult?> TryAcquireAsync(LimitPartition partition, CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            return null;
        }

        try
        {
            return await AcquireAsync(partition, cancellationToken);
        }
        catch (RedisException exception)
        {
            logger.LogError(exception, "Rate limiting skipped: Redis unavailable");
            return null;
        }
    }

    /// <summary>Takes one permit from both windows of the partition; the minute window's figures describe the result.</summary>
    public async Task<RequestLimitResult> AcquireAsync(LimitPartition partition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(TakePermit, partition.ScriptParameters()))!;
        return partition.ResultOf(reply);
    }
}

/// <summary>Whose budget a request spends, and how large it is.</summary>
public sealed record LimitPartition(string Tier, string Owner, int PerMinute, int PerHour)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary><c>rl:{tier}:{limit}:{window}:{{owner}}</c>: the braces keep a partition's two windows in one cluster slot.</summary>
    public string Key(int limit, string window) => $"rl:{Tier}:{limit}:{window}:{{{Owner}}}";

    /// <summary>The named parameters of <see cref="RedisRequestLimiter.TakePermitLua"/> for this partition.</summary>
    public PermitParameters ScriptParameters() => new(
        Key(PerMinute, "m"), PerMinute, (long)Minute.TotalMilliseconds, Key(PerHour, "h"), PerHour, (long)Hour.TotalMilliseconds);

    /// <summary>Reads <see cref="RedisRequestLimiter.TakePermitLua"/>'s reply; the minute window's figures describe the result.</summary>
    public RequestLimitResult ResultOf(RedisResult[] reply)
    {
        if ((int)reply[0] == 1)
        {
            return new RequestLimitResult(true, PerMinute, PerMinute - (long)reply[1], null);
        }

        var (limit, window) = (int)reply[1] == 0 ? (PerMinute, Minute) : (PerHour, Hour);
        // A key without an expiry (never written by this script) would refuse forever: wait a whole window at most.
        var left = (long)reply[2] is > 0 and var milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : window;
        return new RequestLimitResult(false, limit, 0, left);
    }

    /// <summary>One session's refresh budget, spent after its token was found.</summary>
    public static LimitPartition ForSessionRefresh(Guid sessionId, RateLimitingOptions options) =>
        new("session", sessionId.ToString(), options.RefreshPerSessionPerMinute, options.RefreshPerSessionPerHour);

    /// <summary>A signed-in user's budget, shared by HTTP calls and chat socket frames.</summary>
    public static LimitPartition ForUser(Guid userId, RateLimitingOptions options) =>
        new("user", userId.ToString(), options.PerMinute, options.PerHour);

    public static LimitPartition For(HttpContext context, RateLimitTier? tier, RateLimitingOptions options)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (tier == RateLimitTier.Credentials)
        {
            return new LimitPartition("cred", ip, options.CredentialsPerMinute, options.CredentialsPerHour);
        }

        if (tier == RateLimitTier.Refresh)
        {
            return new LimitPartition("refresh", ip, options.RefreshPerMinute, options.RefreshPerHour);
        }

        return context.User.Identity?.IsAuthenticated == true
            ? ForUser(context.User.UserId(), options)
            : new LimitPartition("anon", ip, options.AnonymousPerMinute, options.AnonymousPerHour);
    }
}

public sealed record RequestLimitResult(bool Allowed, int Limit, long Remaining, TimeSpan? RetryAfter);

/// <summary>A request's permit, already taken while its token was checked (see <see cref="RedisRequestLimiter.UserPartitionFor"/>).</summary>
public sealed record TakenPermit(RequestLimitResult Result);

/// <summary>What <see cref="RedisRequestLimiter.TakePermitLua"/> reads; public properties, as <see cref="LuaScript"/> binds them by name.</summary>
public sealed record PermitParameters(RedisKey MinuteKey, int MinuteLimit, long MinuteMilliseconds, RedisKey HourKey, int HourLimit, long HourMilliseconds);
