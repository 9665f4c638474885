using System.Collections.Concurrent;
using System.Net.WebSockets;
using StackExchange.Redis;

namespace ChatBot.Api.Chat;

/// <summary>
/// The chat sockets open on this replica, by user, and a Redis channel every replica listens on, so erasing an account
/// (on any replica) drops that user's sockets everywhere at once, without waiting for their next frame.
/// </summary>
public sealed class OpenSockets
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("chatbot:chat:close-user");

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<WebSocket, byte>> _byUser = new();
    private readonly IConnectionMultiplexer _redis;

    public OpenSockets(IConnectionMultiplexer redis)
    {
        _redis = redis;
        redis.GetSubscriber().Subscribe(Channel, (_, value) =>
        {
            if (Guid.TryParse(value.ToString(), out var userId) && _byUser.TryRemove(userId, out var sockets))
            {
                foreach (var socket in sockets.Keys)
                {
                    // Abort, not close: a close handshake would race the session's own sends.
                    socket.Abort();
                }
            }
        });
    }

    public IDisposable Register(Guid userId, WebSocket socket)
    {
        _byUser.GetOrAdd(userId, _ => new ConcurrentDictionary<WebSocket, byte>())[socket] = 0;
        return new Registration(this, userId, socket);
    }

    /// <summary>Drops every socket of the user on every replica.</summary>
    public Task CloseAllAsync(Guid userId) => _redis.GetSubscriber().PublishAsync(Channel, userId.ToString());

    private sealed class Registration(OpenSockets owner, Guid userId, WebSocket socket) : IDisposable
    {
        public void Dispose()
        {
            if (owner._byUser.TryGetValue(userId, out var sockets) && sockets.TryRemove(socket, out _) && sockets.IsEmpty)
            {
                // A socket registering at this very instant may go untracked; its next frame still meets the revoked token.
                owner._byUser.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<WebSocket, byte>>(userId, sockets));
            }
        }
    }
}
