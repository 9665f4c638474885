using System.Text.Json;
using ChatBot.Web.Api;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace ChatBot.Web.Auth;

/// <summary>
/// Sessions' tokens in Redis, encrypted with Data Protection, keyed by the random id in the session cookie, so every
/// web replica finds them and none of them reach the browser. An entry lives as long as its refresh token.
/// </summary>
public sealed class TokenStore(IDistributedCache cache, IConnectionMultiplexer redis, IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("ChatBot.Web.SessionTokens");

    /// <summary>How long one refresh may take, the Api's answer included.</summary>
    public static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Longer than a refresh may take, so a lock never lapses while its refresh is still running.</summary>
    private static readonly TimeSpan LockLifetime = RefreshTimeout * 2;

    private static string Key(string session) => $"web:session:{session}";

    public async Task<SessionTokens?> GetAsync(string session, CancellationToken cancellationToken)
    {
        var stored = await cache.GetAsync(Key(session), cancellationToken);
        if (stored is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SessionTokens>(_protector.Unprotect(stored), ApiJson.Options);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Written with a key this app no longer has: as good as signed out.
            return null;
        }
    }

    public Task SaveAsync(string session, SessionTokens tokens, CancellationToken cancellationToken) =>
        cache.SetAsync(Key(session), _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(tokens, ApiJson.Options)),
            new DistributedCacheEntryOptions { AbsoluteExpiration = tokens.RefreshExpiresAt }, cancellationToken);

    public Task RemoveAsync(string session, CancellationToken cancellationToken) => cache.RemoveAsync(Key(session), cancellationToken);

    private static RedisKey SignedOutKey(string session) => $"chatbot:web:signed-out:{session}";

    /// <summary>
    /// Remembers for a while that the person signed this session out themselves, so a page still open (its circuit
    /// calling the Api with the dying token) says "signed out", not "your session ended".
    /// </summary>
    public Task MarkSignedOutAsync(string session) =>
        redis.GetDatabase().StringSetAsync(SignedOutKey(session), "1", TimeSpan.FromMinutes(10));

    public Task<bool> WasSignedOutAsync(string session) => redis.GetDatabase().KeyExistsAsync(SignedOutKey(session));

    /// <summary>
    /// Serialises refreshes of one session across circuits and replicas: refresh tokens are single-use, and the Api ends
    /// the whole session when one is presented twice.
    /// </summary>
    public async Task<IAsyncDisposable> LockAsync(string session, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        RedisKey key = $"chatbot:web:session-lock:{session}";
        var owner = Guid.NewGuid().ToString("N");
        var deadline = DateTimeOffset.UtcNow + RefreshTimeout;
        while (!await database.LockTakeAsync(key, owner, LockLifetime))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("Another refresh of this session did not finish.");
            }

            await Task.Delay(50, cancellationToken);
        }

        return new Lease(database, key, owner);
    }

    private sealed class Lease(IDatabase database, RedisKey key, string owner) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await database.LockReleaseAsync(key, owner);
    }
}
