using System.Text.Json;
using ChatBot.Api.Auth;
using ChatBot.Core.Auditing;
using ChatBot.Core.Data;

namespace ChatBot.Api.Auditing;

/// <summary>
/// Writes security events to <c>audit_logs</c> with who, from where and the outcome. Callers pass only non-secret
/// details: never passwords, tokens or reset links.
/// </summary>
public sealed class AuditTrail(ChatBotDbContext db, IHttpContextAccessor http, TimeProvider time)
{
    public async Task RecordAsync(string action, bool succeeded, Guid? userId, object? details = null,
        Guid? actorId = null, CancellationToken cancellationToken = default)
    {
        var client = http.HttpContext is { } context ? ClientInfo.From(context) : new ClientInfo(null, null);
        db.AuditLogs.Add(new AuditLog
        {
            OccurredAt = time.GetUtcNow(),
            Action = action,
            Outcome = succeeded ? "success" : "failure",
            UserId = userId,
            ActorId = actorId,
            IpAddress = client.IpAddress,
            UserAgent = client.UserAgent,
            Details = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
