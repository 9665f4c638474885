using StackExchange.Redis;

namespace ChatBot.Api.Infrastructure;

/// <summary>
/// A capped set of slots shared by every replica: a Redis sorted set of holders scored by their lease's end, so the
/// slots of a replica that died free themselves when their leases run out. Holders renew long-lived slots.
/// </summary>
public sealed class LeasedSlots(IConnectionMultiplexer redis, TimeProvider time)
{
    /// <summary>Drops expired slots, then takes (or renews) one if fewer than the limit are held; 1 when held.</summary>
    private static readonly LuaScript ClaimScript = LuaScript.Prepare("""
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', @now)
        if redis.call('ZSCORE', @key, @holder) == false and redis.call('ZCARD', @key) >= tonumber(@limit) then return 0 end
        redis.call('ZADD', @key, @until, @holder)
        redis.call('PEXPIRE', @key, @leaseMilliseconds)
        return 1
        """);

    /// <summary>Takes a slot for the holder (or renews the one it has); false when all are taken.</summary>
    public async Task<bool> TryClaimAsync(RedisKey key, string holder, int limit, TimeSpan lease)
    {
        var now = time.GetUtcNow();
        var held = await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, new
        {
            key,
            now = now.ToUnixTimeMilliseconds(),
            holder,
            limit,
            until = (now + lease).ToUnixTimeMilliseconds(),
            leaseMilliseconds = (long)lease.TotalMilliseconds,
        });
        return (int)held == 1;
    }

    public Task ReleaseAsync(RedisKey key, string holder) => redis.GetDatabase().SortedSetRemoveAsync(key, holder);

    public Task ForgetAsync(RedisKey key) => redis.GetDatabase().KeyDeleteAsync(key);
}
