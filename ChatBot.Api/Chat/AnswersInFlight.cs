using System.Collections.Concurrent;
using ChatBot.Api.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.Api.Chat;

/// <summary>
/// Caps the answers being written at once, so a few accounts that send and disconnect cannot run up LLM cost or CPU:
/// per user across replicas (a Redis sorted set of message ids scored by a lease deadline, so the slots of a replica
/// that died free themselves) and per replica in memory. A message beyond either cap is refused with 429.
/// </summary>
public sealed class AnswersInFlight(LeasedSlots slots, IOptions<ChatSettings> options, ILogger<AnswersInFlight> logger)
{
    /// <summary>Longest a slot is held if its replica dies before releasing it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private int _onThisReplica;

    // The slots this replica holds, so a slot freed early (an answer delivered before its title is written) is freed once.
    private readonly ConcurrentDictionary<Guid, byte> _held = new();

    private static RedisKey UserKey(Guid userId) => $"chatbot:chat:inflight:{userId}";

    public async Task<AnswerSlot> TryClaimAsync(Guid userId, Guid messageId)
    {
        if (Interlocked.Increment(ref _onThisReplica) > options.Value.MaxAnswersInFlight)
        {
            Interlocked.Decrement(ref _onThisReplica);
            return AnswerSlot.ServerBusy;
        }

        var claimed = false;
        try
        {
            claimed = await slots.TryClaimAsync(UserKey(userId), messageId.ToString(), options.Value.MaxAnswersInFlightPerUser, Lease);
            if (claimed)
            {
                _held[messageId] = 0;
            }

            return claimed ? AnswerSlot.Claimed : AnswerSlot.UserBusy;
        }
        finally
        {
            if (!claimed)
            {
                Interlocked.Decrement(ref _onThisReplica);
            }
        }
    }

    /// <summary>Frees a claimed slot (again: nothing); never throws (a slot left behind frees itself when its lease ends).</summary>
    public async Task ReleaseAsync(Guid userId, Guid messageId)
    {
        if (!_held.TryRemove(messageId, out _))
        {
            return;
        }

        Interlocked.Decrement(ref _onThisReplica);
        try
        {
            await slots.ReleaseAsync(UserKey(userId), messageId.ToString());
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "Could not free the answer slot of {MessageId}; it frees itself within {Lease}", messageId, Lease);
        }
    }

    /// <summary>Erasure: forget the user's slots now.</summary>
    public Task ForgetUserAsync(Guid userId) => slots.ForgetAsync(UserKey(userId));
}

public enum AnswerSlot
{
    Claimed,
    UserBusy,
    ServerBusy,
}
