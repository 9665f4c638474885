using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Auth;

/// <summary>
/// Writes session denials back into Redis after it lost them (Redis keeps no files here: a restart starts it empty).
/// Without this, a signed-out access token would work again until it expires. Every session revoked within one
/// access-token lifetime is denied again; the database is the record, Redis only the fast copy. Token-id denials
/// need no restoring: logout also revokes the session, and a changed stamp is read from the database again.
/// </summary>
public sealed partial class RevocationRestorer(
    TokenRevocationStore revocations, IServiceScopeFactory scopes, IOptions<JwtOptions> jwt, TimeProvider time,
    ILogger<RevocationRestorer> logger) : IDisposable
{
    // One restore per replica at a time; other replicas may restore concurrently, which writes the same keys.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await revocations.IsCompleteAsync())
            {
                return;
            }

            var now = time.GetUtcNow();
            var lifetime = jwt.Value.AccessTokenLifetime + TimeSpan.FromSeconds(jwt.Value.ClockSkewSeconds);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatBotDbContext>();
            var since = now - lifetime;
            var revoked = await db.UserSessions.AsNoTracking()
                .Where(s => s.RevokedAt >= since)
                .Select(s => s.Id)
                .ToListAsync(cancellationToken);
            foreach (var batch in revoked.Chunk(500))
            {
                await revocations.DenySessionsAsync(batch, jwt.Value.AccessTokenLifetime);
            }

            await revocations.MarkCompleteAsync(now);
            LogRestored(revoked.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Token denials written back to Redis from the database ({Count} revoked sessions): this Redis had none (new, restarted or flushed)")]
    private partial void LogRestored(int count);
}
