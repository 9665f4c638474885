using System.Collections.Concurrent;
using StackExchange.Redis;

namespace ChatBot.Api.Chat;

/// <summary>
/// The answers this replica is generating, and a Redis channel every replica listens on, so a stop requested on any
/// replica cancels the generation wherever it runs.
/// </summary>
public sealed class StopSignals : IAsyncDisposable
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("chatbot:chat:stop");

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();
    public StopSignals(IConnectionMultiplexer redis)
    {
        redis.GetSubscriber().Subscribe(Channel, (_, value) =>
        {
            if (Guid.TryParse(value.ToString(), out var messageId) && _running.TryGetValue(messageId, out var stop))
            {
                stop.Cancel();
            }
        });
    }

    /// <summary>Registers a generation; its token fires when anyone, on any replica, asks to stop it.</summary>
    public CancellationTokenSource Register(Guid messageId)
    {
        var source = new CancellationTokenSource();
        _running[messageId] = source;
        return source;
    }

    public void Unregister(Guid messageId)
    {
        if (_running.TryRemove(messageId, out var source))
        {
            source.Dispose();
        }
    }

    public int Running => _running.Count;

    /// <summary>The subscription ends with the Redis connection itself; only the running generations need cancelling.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var source in _running.Values)
        {
            try
            {
                await source.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // That generation finished and unregistered meanwhile.
            }
        }
    }
}
