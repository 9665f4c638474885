using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Conversations;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.Api.Chat;

/// <summary>
/// Answers in flight live in Redis: an ordered stream of numbered events (entry id = sequence number), a small hash of
/// metadata (owner, conversation, status), and pub/sub wake-ups. Any replica can therefore replay an answer from any
/// point, exactly once and in order, while another replica is still writing it.
/// </summary>
public sealed class ChatStreamStore(IConnectionMultiplexer redis, StreamSignals signals, IOptions<ChatSettings> options, TimeProvider time)
{
    private static JsonSerializerOptions Json => ApiConventionsExtensions.Json;

    /// <summary>How often a waiting reader re-checks the stream even without a wake-up (lost pub/sub message).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>A stream whose writer has not appended for this long is considered lost (see <see cref="ChatSettings"/>).</summary>
    private TimeSpan StalledAfter => TimeSpan.FromSeconds(options.Value.StalledAfterSeconds);

    private TimeSpan Retention => TimeSpan.FromMinutes(options.Value.StreamRetentionMinutes);

    /// <summary>Largest event number a reader may name: far beyond any answer, and one more still fits a stream id.</summary>
    public const long MaxSeq = int.MaxValue;

    private static RedisKey StreamKey(Guid id) => $"chatbot:chat:stream:{id}";

    private const string MetaPrefix = "chatbot:chat:meta:";

    private static RedisKey MetaKey(Guid id) => $"{MetaPrefix}{id}";

    private static RedisKey ReapKey(Guid id) => $"chatbot:chat:reap:{id}";

    /// <summary>
    /// Answers still being written, scored by when their writer last appended: the stalled-answer reaper reads only
    /// the ones past the stall time, not every stream Redis keeps.
    /// </summary>
    public const string StreamingIndexKey = "chatbot:chat:streaming";

    /// <summary>The answer a conversation is waiting for (its message id), so turns in one conversation take turns.</summary>
    private static RedisKey TurnKey(Guid conversationId) => $"chatbot:chat:turn:{conversationId}";

    /// <summary>
    /// The answer's metadata, and for a conversation it has just created the conversation's claim as well: one round
    /// trip, since a turn waits for it before its answer can start.
    /// </summary>
    public async Task CreateAsync(StreamMeta meta, bool claimsNewConversation = false)
    {
        var database = redis.GetDatabase();
        List<Task> writes =
        [
            database.HashSetAsync(MetaKey(meta.MessageId),
            [
                new HashEntry("user_id", meta.UserId.ToString()),
                new HashEntry("conversation_id", meta.ConversationId.ToString()),
                new HashEntry("status", meta.Status),
                new HashEntry("at", time.GetUtcNow().ToUnixTimeSeconds()),
            ]),
            // Generous while streaming; shortened to the retention once the answer is finished.
            database.KeyExpireAsync(MetaKey(meta.MessageId), TimeSpan.FromHours(24)),
            database.SortedSetAddAsync(StreamingIndexKey, meta.MessageId.ToString(), time.GetUtcNow().ToUnixTimeSeconds()),
        ];
        if (claimsNewConversation)
        {
            // Nobody else knows the conversation yet, so this only marks it for its next message.
            writes.Add(database.StringSetAsync(TurnKey(meta.ConversationId), ClaimFor(meta.MessageId), TimeSpan.FromHours(24), When.NotExists));
        }

        await Task.WhenAll(writes);
    }

    /// <summary>A conversation's claim carries its time: between claiming and writing its first event an answer has no stream yet.</summary>
    private string ClaimFor(Guid messageId) =>
        $"{messageId}:{time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";

    public async Task<StreamMeta?> GetMetaAsync(Guid messageId)
    {
        var values = await redis.GetDatabase().HashGetAllAsync(MetaKey(messageId));
        if (values.Length == 0)
        {
            return null;
        }

        var map = values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString());
        // Only what CreateAsync wrote makes a stream; anything less is a remnant, not something to serve.
        return map.TryGetValue("user_id", out var userId) && map.TryGetValue("conversation_id", out var conversationId) && map.TryGetValue("status", out var status)
            ? new StreamMeta(messageId, Guid.Parse(userId), Guid.Parse(conversationId), status)
            : null;
    }

    /// <summary>
    /// Appends one event, in one round trip, only while the answer's metadata exists. A Redis that restarted empty (it
    /// keeps no files) has lost the stream: writing the rest would make a stream without its start and without an
    /// owner, so the writer is told instead (<see cref="StreamLostException"/>) and the stored answer takes over.
    /// </summary>
    private static readonly LuaScript AppendScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @meta) == 0 then return 0 end
        redis.call('XADD', @stream, @id, 'e', @payload)
        redis.call('HSET', @meta, 'at', @now)
        if @terminal == '1' then
          redis.call('ZREM', @index, @messageId)
          redis.call('HSET', @meta, 'status', @status)
          redis.call('EXPIRE', @stream, @retentionSeconds)
          redis.call('EXPIRE', @meta, @retentionSeconds)
        else
          redis.call('ZADD', @index, @now, @messageId)
          if @first == '1' then
            redis.call('EXPIRE', @stream, 86400)
          end
        end
        return 1
        """);

    public async Task AppendAsync(Guid messageId, StreamEvent streamEvent)
    {
        var id = $"{streamEvent.Seq.ToString(CultureInfo.InvariantCulture)}-0";
        var appended = await redis.GetDatabase().ScriptEvaluateAsync(AppendScript, new
        {
            meta = MetaKey(messageId),
            stream = StreamKey(messageId),
            id,
            payload = JsonSerializer.Serialize(streamEvent, Json),
            now = time.GetUtcNow().ToUnixTimeSeconds(),
            terminal = streamEvent.IsTerminal ? "1" : "0",
            status = streamEvent.Status ?? streamEvent.Type,
            retentionSeconds = (long)Retention.TotalSeconds,
            first = streamEvent.Seq == 1 ? "1" : "0",
            index = (RedisKey)StreamingIndexKey,
            messageId = messageId.ToString(),
        });
        if ((int)appended == 0)
        {
            throw new StreamLostException(messageId);
        }

        await redis.GetSubscriber().PublishAsync(StreamSignals.ChannelFor(messageId), id);
    }

    /// <summary>Every event after <paramref name="afterSeq"/>, in order, until the terminal one; waits for new ones.</summary>
    public async IAsyncEnumerable<StreamEvent> ReadAsync(Guid messageId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var waiter = signals.Listen(messageId);
        var database = redis.GetDatabase();
        var last = afterSeq;
        var quietSince = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var entries = await database.StreamRangeAsync(StreamKey(messageId), $"{(last + 1).ToString(CultureInfo.InvariantCulture)}-0", "+");
            foreach (var entry in entries)
            {
                var streamEvent = JsonSerializer.Deserialize<StreamEvent>(entry.Values[0].Value.ToString(), Json)!;
                last = streamEvent.Seq;
                yield return streamEvent;
                if (streamEvent.IsTerminal)
                {
                    yield break;
                }
            }

            if (entries.Length > 0)
            {
                quietSince = time.GetUtcNow();
            }
            else if (!await database.KeyExistsAsync(MetaKey(messageId)))
            {
                // Expired or never existed: nothing more will come.
                yield break;
            }
            else if (time.GetUtcNow() - quietSince > StalledAfter && await IsStalledAsync(database, messageId))
            {
                yield return new StreamEvent { Seq = last + 1, Type = StreamEvent.Error, Code = "generation_lost", Message = "The server writing this answer stopped; ask again.", Status = MessageStatus.Failed.ToWireName() };
                yield break;
            }

            await waiter.WaitAsync(PollInterval, cancellationToken);
        }
    }

    private async Task<bool> IsStalledAsync(IDatabase database, Guid messageId)
    {
        var at = await database.HashGetAsync(MetaKey(messageId), "at");
        return !at.HasValue || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds((long)at) > StalledAfter;
    }

    /// <summary>
    /// Claims the conversation for the answer <paramref name="messageId"/>, waiting while another answer in it is still
    /// being written (on any replica), so each turn's prompt holds the turns before it. An answer whose writer stalled
    /// or finished without releasing loses the claim. False when the wait ran out.
    /// </summary>
    public async Task<bool> ClaimConversationAsync(Guid conversationId, Guid messageId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var claim = ClaimFor(messageId);
            if (await database.StringSetAsync(TurnKey(conversationId), claim, TimeSpan.FromHours(24), When.NotExists))
            {
                return true;
            }

            var holder = await database.StringGetAsync(TurnKey(conversationId));
            if (await IsAbandonedAsync(database, holder.ToString()))
            {
                // Take over only from the holder just read: another turn may have taken it meanwhile.
                var takeOver = database.CreateTransaction();
                takeOver.AddCondition(Condition.StringEqual(TurnKey(conversationId), holder));
                _ = takeOver.StringSetAsync(TurnKey(conversationId), claim, TimeSpan.FromHours(24));
                if (await takeOver.ExecuteAsync())
                {
                    return true;
                }
            }

            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval / 5, cancellationToken);
        }
    }

    /// <summary>A claim whose answer finished without releasing it, stalled, or never started within the stall time.</summary>
    private async Task<bool> IsAbandonedAsync(IDatabase database, string claim)
    {
        var parts = claim.Split(':');
        if (parts.Length != 2 || !Guid.TryParse(parts[0], out var holder) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var claimedAt))
        {
            return true;
        }

        return await GetMetaAsync(holder) switch
        {
            null => time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(claimedAt) > StalledAfter,
            { IsStreaming: false } => true,
            _ => await IsStalledAsync(database, holder),
        };
    }

    /// <summary>Deletes a conversation's claim only if it is the given answer's, in one round trip.</summary>
    private static readonly LuaScript ReleaseScript = LuaScript.Prepare("""
        local holder = redis.call('GET', @turn)
        if holder and string.sub(holder, 1, string.len(@messageId)) == @messageId then
          return redis.call('DEL', @turn)
        end
        return 0
        """);

    /// <summary>Lets the conversation's next turn start (only if this answer still holds it).</summary>
    public Task ReleaseConversationAsync(Guid conversationId, Guid messageId) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, new { turn = TurnKey(conversationId), messageId = messageId.ToString() });

    public Task RequestStopAsync(Guid messageId) =>
        redis.GetSubscriber().PublishAsync(StopSignals.Channel, messageId.ToString());

    /// <summary>
    /// Erasure: stops the user's answers still being written and deletes every stream of theirs (finished ones are
    /// kept for resuming). Finds them by their owner, as an answer in flight has no database row yet. Returns how many.
    /// </summary>
    public async Task<int> DeleteAllOfUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var owner = userId.ToString();
        var deleted = 0;
        await foreach (var (key, messageId) in AnswersAsync(cancellationToken))
        {
            if (await database.HashGetAsync(key, "user_id") != owner)
            {
                continue;
            }

            await RequestStopAsync(messageId);
            await database.KeyDeleteAsync([StreamKey(messageId), MetaKey(messageId)]);
            await database.SortedSetRemoveAsync(StreamingIndexKey, messageId.ToString());
            deleted++;
        }

        return deleted;
    }

    /// <summary>
    /// Answers still marked as being written whose writer has not appended since <paramref name="stalledBefore"/>, each
    /// claimed for five minutes so that only one replica finishes it. Reads only the index entries past the stall time,
    /// and drops those whose answer has finished or expired meanwhile.
    /// </summary>
    public async IAsyncEnumerable<Guid> ClaimStalledAsync(DateTimeOffset stalledBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var due = await database.SortedSetRangeByScoreAsync(StreamingIndexKey, double.NegativeInfinity, stalledBefore.ToUnixTimeSeconds());
        foreach (var member in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Guid.TryParse(member.ToString(), out var messageId))
            {
                await database.SortedSetRemoveAsync(StreamingIndexKey, member);
                continue;
            }

            var fields = await database.HashGetAsync(MetaKey(messageId), ["status", "at"]);
            if (fields[0] != StreamMeta.Streaming || !fields[1].HasValue)
            {
                await database.SortedSetRemoveAsync(StreamingIndexKey, member);
            }
            else if ((long)fields[1] <= stalledBefore.ToUnixTimeSeconds() &&
                     await database.StringSetAsync(ReapKey(messageId), "1", TimeSpan.FromMinutes(5), When.NotExists))
            {
                yield return messageId;
            }
        }
    }

    /// <summary>Every event of an answer's stream so far (empty when Redis has none).</summary>
    public async Task<IReadOnlyList<StreamEvent>> ReadAllAsync(Guid messageId)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(StreamKey(messageId), "-", "+");
        return entries.Select(e => JsonSerializer.Deserialize<StreamEvent>(e.Values[0].Value.ToString(), Json)!).ToList();
    }

    /// <summary>The metadata key and message id of every answer Redis holds, on every endpoint.</summary>
    private async IAsyncEnumerable<(RedisKey Key, Guid MessageId)> AnswersAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: $"{MetaPrefix}*", pageSize: 1000).WithCancellation(cancellationToken))
            {
                if (Guid.TryParse(key.ToString().AsSpan(MetaPrefix.Length), out var messageId))
                {
                    yield return (key, messageId);
                }
            }
        }
    }
}
