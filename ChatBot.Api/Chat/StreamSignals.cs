using System.Collections.Concurrent;
using StackExchange.Redis;

namespace ChatBot.Api.Chat;

/// <summary>
/// One Redis pattern subscription per process, fanned out in memory to whoever waits for an answer's next event,
/// so a reader on any replica wakes as soon as the generating replica appends. Waiters also poll as a safety net.
/// </summary>
public sealed class StreamSignals
{
    public const string ChannelPrefix = "chatbot:chat:notify:";

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Waiter, byte>> _waiters = new();
    public StreamSignals(IConnectionMultiplexer redis)
    {
        // The subscription lives as long as the Redis connection; nothing to undo at shutdown.
        redis.GetSubscriber().Subscribe(RedisChannel.Pattern(ChannelPrefix + "*"), (channel, _) =>
        {
            var name = channel.ToString();
            if (Guid.TryParse(name.AsSpan(ChannelPrefix.Length), out var messageId) && _waiters.TryGetValue(messageId, out var waiters))
            {
                foreach (var waiter in waiters.Keys)
                {
                    waiter.Signal();
                }
            }
        });
    }

    public static RedisChannel ChannelFor(Guid messageId) => RedisChannel.Literal(ChannelPrefix + messageId);

    /// <summary>Starts listening for an answer's events; dispose to stop.</summary>
    public Waiter Listen(Guid messageId)
    {
        var waiter = new Waiter(this, messageId);
        _waiters.GetOrAdd(messageId, _ => new ConcurrentDictionary<Waiter, byte>())[waiter] = 0;
        return waiter;
    }

    private void Remove(Waiter waiter)
    {
        if (_waiters.TryGetValue(waiter.MessageId, out var waiters))
        {
            waiters.TryRemove(waiter, out _);
            if (waiters.IsEmpty)
            {
                _waiters.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<Waiter, byte>>(waiter.MessageId, waiters));
            }
        }
    }

    public sealed class Waiter(StreamSignals owner, Guid messageId) : IDisposable
    {
        private readonly SemaphoreSlim _signal = new(0, 1);

        public Guid MessageId { get; } = messageId;

        internal void Signal()
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled and not yet consumed: one wake-up covers both events.
            }
            catch (ObjectDisposedException)
            {
                // The reader left between the lookup and the signal.
            }
        }

        /// <summary>Waits for a new event or the timeout, whichever comes first.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

        public void Dispose()
        {
            owner.Remove(this);
            _signal.Dispose();
        }
    }
}
