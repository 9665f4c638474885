using System.Xml.Linq;
using ChatBot.Core.Data;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Identity;

/// <summary>
/// Keeps readable secrets out of the key ring in <c>data_protection_keys</c> once a certificate encrypts it. At start,
/// before the Api takes requests, keys stored in plain text earlier are revoked and deleted, and Data Protection makes
/// an encrypted key for the next code. Keeping them instead would not do: Data Protection trusts a key until it is
/// revoked (expired keys still unprotect), and it goes on preferring the old key as the default for the two days it
/// gives a new key to reach every replica, so any copy of the database taken before could still mint reset codes.
/// The cost is that reset codes issued with a plain key (at most an hour before) stop working. Without a certificate
/// it warns, once per start, that the key ring is stored in plain text.
/// </summary>
public sealed partial class PlaintextKeyRetirement(
    IKeyManager keyManager,
    IOptions<KeyManagementOptions> keyManagement,
    IServiceScopeFactory scopes,
    ILogger<PlaintextKeyRetirement> logger) : IHostedLifecycleService
{
    /// <summary>What only a key stored in plain text has: its secret in an element of its own.</summary>
    private const string PlaintextMarker = "<masterKey";

    /// <summary>
    /// Before any hosted service starts: Data Protection's own loads the key ring then, and a ring loaded with the
    /// plain keys would go on serving them for a while (it refreshes in the background).
    /// </summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (keyManagement.Value.XmlEncryptor is null)
        {
            LogPlaintextKeyRing(logger);
            return;
        }

        try
        {
            await RetireAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Never worth failing the start over (the database may be starting too): new keys are encrypted anyway,
            // and the next start tries again.
            logger.LogError(exception, "Could not retire the Data Protection keys stored in plain text; the next start tries again");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RetireAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatBotDbContext>();
        var plaintext = await db.DataProtectionKeys.AsNoTracking()
            .Where(k => k.Xml != null && k.Xml.Contains(PlaintextMarker))
            .Select(k => new { k.Id, k.Xml })
            .ToListAsync(cancellationToken);
        if (plaintext.Count == 0)
        {
            return;
        }

        // Revoking (rather than only deleting) also clears this process's cached key ring.
        foreach (var keyId in plaintext.Select(k => XElement.Parse(k.Xml!).Attribute("id")?.Value).OfType<string>())
        {
            keyManager.RevokeKey(Guid.Parse(keyId), "Stored in plain text; replaced by keys encrypted with the configured certificate.");
        }

        var rows = plaintext.Select(k => k.Id).ToList();
        var deleted = await db.DataProtectionKeys.Where(k => rows.Contains(k.Id)).ExecuteDeleteAsync(cancellationToken);
        LogRetired(logger, deleted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Data Protection keys (behind password-reset codes) are stored in PostgreSQL in plain text: set DataProtection:Certificate to encrypt them (docs/deploy.md)")]
    private static partial void LogPlaintextKeyRing(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Revoked and deleted {Count} Data Protection keys stored in plain text; new keys are encrypted with the configured certificate, and reset codes issued before no longer work")]
    private static partial void LogRetired(ILogger logger, int count);
}
