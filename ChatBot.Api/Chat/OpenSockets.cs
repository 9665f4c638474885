using System.Collections.Concurrent;
using System.Net.WebSockets;
using ChatBot.Api.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.Api.Chat;

/// <summary>
/// The chat sockets open on this replica, by user, and a Redis channel every replica listens on, so erasing an account
/// (on any replica) drops that user's sockets everywhere at once, without waiting for their next frame. How many
/// sockets one user holds across replicas is capped by leased slots in Redis (<see cref="ChatSettings.MaxSocketsPerUser"/>).
/// </summary>
public sealed class OpenSockets
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("chatbot:chat:close-user");

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<WebSocket, byte>> _byUser = new();
    private readonly IConnectionMultiplexer _redis;
    private readonly LeasedSlots _slots;
    private readonly IOptions<ChatSettings> _options;
    private readonly TimeProvider _time;

    public OpenSockets(IConnectionMultiplexer redis, LeasedSlots slots, IOptions<ChatSettings> options, TimeProvider time)
    {
        _redis = redis;
        _slots = slots;
        _options = options;
        _time = time;
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

    /// <summary>A socket holds its slot this long past its last renewal: past the idle timeout, so a live socket keeps it.</summary>
    private TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(_options.Value.IdleTimeoutSeconds, 60) * 2);

    private static RedisKey SlotsKey(Guid userId) => $"chatbot:chat:sockets:{userId}";

    /// <summary>Registers the socket, or null when the user already holds as many sockets as allowed.</summary>
    public async Task<Registration?> TryRegisterAsync(Guid userId, WebSocket socket)
    {
        var holder = Guid.NewGuid().ToString();
        if (!await _slots.TryClaimAsync(SlotsKey(userId), holder, _options.Value.MaxSocketsPerUser, Lease))
        {
            return null;
        }

        _byUser.GetOrAdd(userId, _ => new ConcurrentDictionary<WebSocket, byte>())[socket] = 0;
        return new Registration(this, userId, socket, holder, _time.GetTimestamp());
    }

    /// <summary>Drops every socket of the user on every replica.</summary>
    public Task CloseAllAsync(Guid userId) => _redis.GetSubscriber().PublishAsync(Channel, userId.ToString());

    /// <summary>Erasure: forget the user's socket slots now.</summary>
    public Task ForgetUserAsync(Guid userId) => _slots.ForgetAsync(SlotsKey(userId));

    public sealed class Registration(OpenSockets owner, Guid userId, WebSocket socket, string holder, long renewedAt) : IAsyncDisposable
    {
        private long _renewedAt = renewedAt;

        /// <summary>Extends the slot's lease once half of it has passed (one Redis call every few minutes at most).</summary>
        public async Task RenewIfDueAsync()
        {
            if (owner._time.GetElapsedTime(_renewedAt) < owner.Lease / 2)
            {
                return;
            }

            _renewedAt = owner._time.GetTimestamp();
            await owner._slots.TryClaimAsync(SlotsKey(userId), holder, int.MaxValue, owner.Lease);
        }

        public async ValueTask DisposeAsync()
        {
            if (owner._byUser.TryGetValue(userId, out var sockets) && sockets.TryRemove(socket, out _) && sockets.IsEmpty)
            {
                // A socket registering at this very instant may go untracked; its next frame still meets the revoked token.
                owner._byUser.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<WebSocket, byte>>(userId, sockets));
            }

            try
            {
                await owner._slots.ReleaseAsync(SlotsKey(userId), holder);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // The slot frees itself when its lease ends.
            }
        }
    }
}
