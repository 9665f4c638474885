using System.Globalization;
using System.Threading.RateLimiting;
using ChatBot.Api.Auth;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace ChatBot.Api.RateLimiting;

/// <summary>
/// Per-user (or per-IP) fixed windows of a minute and an hour, counted in Redis by RedisRateLimiting so every Api
/// replica shares one budget. Each window's key includes its limit, so differently configured hosts never share a
/// counter by accident.
/// </summary>
public sealed class RedisRequestLimiter : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _perMinute;
    private readonly PartitionedRateLimiter<string> _perHour;
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisRequestLimiter> _logger;

    public RedisRequestLimiter(IConnectionMultiplexer redis, IOptions<RateLimitingOptions> options, ILogger<RedisRequestLimiter> logger)
    {
        _redis = redis;
        _logger = logger;
        Options = options.Value;
        _perMinute = Create(redis, TimeSpan.FromMinutes(1));
        _perHour = Create(redis, TimeSpan.FromHours(1));
    }

    public RateLimitingOptions Options { get; }

    /// <summary>Erasure: deletes an owner's counters now (their keys carry the user id) rather than at the end of the hour.</summary>
    public async Task ForgetOwnerAsync(string owner, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        foreach (var endpoint in _redis.GetEndPoints())
        {
            await foreach (var key in _redis.GetServer(endpoint).KeysAsync(pattern: $"rl:*{owner}*", pageSize: 1000).WithCancellation(cancellationToken))
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
            _logger.LogError(exception, "Rate limiting skipped: Redis unavailable");
            return null;
        }
    }

    /// <summary>Takes one permit from both windows of the partition; the minute window's figures describe the result.</summary>
    public async Task<RequestLimitResult> AcquireAsync(LimitPartition partition, CancellationToken cancellationToken)
    {
        using var minute = await _perMinute.AcquireAsync(partition.Key(partition.PerMinute, "m"), 1, cancellationToken);
        var minuteState = Describe(minute, partition.PerMinute);
        if (!minute.IsAcquired)
        {
            return minuteState;
        }

        using var hour = await _perHour.AcquireAsync(partition.Key(partition.PerHour, "h"), 1, cancellationToken);
        return hour.IsAcquired ? minuteState : Describe(hour, partition.PerHour);
    }

    private static RequestLimitResult Describe(RateLimitLease lease, int limit)
    {
        var remaining = lease.TryGetMetadata(RateLimitMetadataName.Remaining.Name, out var value)
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : 0;
        TimeSpan? retryAfter = lease.TryGetMetadata(RateLimitMetadataName.RetryAfter.Name, out var seconds)
            ? TimeSpan.FromSeconds(Convert.ToDouble(seconds, CultureInfo.InvariantCulture))
            : null;
        return new RequestLimitResult(lease.IsAcquired, limit, remaining, retryAfter);
    }

    private static PartitionedRateLimiter<string> Create(IConnectionMultiplexer redis, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RedisRateLimitPartition.GetFixedWindowRateLimiter(key, _ =>
            new RedisFixedWindowRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis,
                PermitLimit = int.Parse(key.Split(':')[2], CultureInfo.InvariantCulture),
                Window = window,
            }));

    public async ValueTask DisposeAsync()
    {
        await _perMinute.DisposeAsync();
        await _perHour.DisposeAsync();
    }
}

/// <summary>Whose budget a request spends, and how large it is.</summary>
public sealed record LimitPartition(string Tier, string Owner, int PerMinute, int PerHour)
{
    /// <summary><c>rl:{tier}:{limit}:{window}:{owner}</c>; the third segment is read back as the permit limit.</summary>
    public string Key(int limit, string window) => $"rl:{Tier}:{limit}:{window}:{Owner}";

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
