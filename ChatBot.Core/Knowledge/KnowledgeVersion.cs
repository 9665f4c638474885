using StackExchange.Redis;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// A counter in Redis bumped by every knowledge-base write. Cache keys and the trained answer model carry it, so after
/// a write no replica serves an old FAQ or an old model: the next read simply misses.
/// </summary>
public sealed class KnowledgeVersion(IConnectionMultiplexer redis)
{
    private static readonly RedisKey Key = "chatbot:kb:version";

    public async Task<long> CurrentAsync() => (long?)await redis.GetDatabase().StringGetAsync(Key) ?? 0;

    public Task<long> BumpAsync() => redis.GetDatabase().StringIncrementAsync(Key);
}
