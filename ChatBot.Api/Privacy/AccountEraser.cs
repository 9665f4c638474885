using ChatBot.Api.Auditing;
using ChatBot.Api.Auth;
using ChatBot.Api.Chat;
using ChatBot.Api.Infrastructure.RateLimiting;
using ChatBot.Core.Auditing;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Privacy;

/// <summary>
/// The right to be forgotten. In order: every token of the user is refused (their sessions are denied in Redis, so
/// this holds on every replica before anything is deleted); then one transaction deletes every personal row and
/// replaces the user's id in the audit trail with a pseudonym (no IP or user agent left); then the user's Redis
/// entries go and their open sockets drop. The email is free to register again, as a new person.
/// </summary>
public sealed class AccountEraser(
    ChatBotDbContext db,
    UserManager<User> users,
    TokenRevocationStore revocations,
    ChatStreamStore streams,
    RedisRequestLimiter limiter,
    OpenSockets sockets,
    IOptions<JwtOptions> jwt,
    TimeProvider time,
    ILogger<AccountEraser> logger)
{
    public async Task<ErasureOutcome> EraseAsync(Guid userId, Guid? adminId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return ErasureOutcome.NotFound;
        }

        if (await users.IsInRoleAsync(user, Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
        {
            return ErasureOutcome.LastAdmin;
        }

        var sessionIds = await db.UserSessions.Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync(cancellationToken);
        await revocations.DenySessionsAsync(sessionIds, jwt.Value.AccessTokenLifetime);

        var pseudonym = Guid.CreateVersion7();
        var conversations = db.Conversations.Where(c => c.UserId == userId).Select(c => c.Id);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.AuditLogs.Where(a => a.UserId == userId).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.UserId, pseudonym)
                .SetProperty(a => a.IpAddress, (string?)null)
                .SetProperty(a => a.UserAgent, (string?)null), cancellationToken);
            await db.AuditLogs.Where(a => a.ActorId == userId).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.ActorId, pseudonym), cancellationToken);
            await db.AnalyticsEvents.Where(e => e.UserId == userId || (e.ConversationId != null && conversations.Contains(e.ConversationId.Value)))
                .ExecuteDeleteAsync(cancellationToken);
            await db.ModerationFlags.Where(f => f.UserId == userId || (f.ConversationId != null && conversations.Contains(f.ConversationId.Value)))
                .ExecuteDeleteAsync(cancellationToken);
            await db.ModerationFlags.Where(f => f.ResolvedById == userId).ExecuteUpdateAsync(set => set
                .SetProperty(f => f.ResolvedById, (Guid?)null), cancellationToken);
            // Messages go with their conversations (cascade).
            await db.Conversations.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            var email = LikePatterns.Exactly(user.Email ?? "");
            await db.OutboxEmails.Where(m => m.UserId == userId || EF.Functions.ILike(m.To, email, "\\")).ExecuteDeleteAsync(cancellationToken);
            await db.DataExports.Where(e => e.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.ConsentRecords.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.RefreshTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Faqs.Where(f => f.CreatedById == userId).ExecuteUpdateAsync(set => set.SetProperty(f => f.CreatedById, (Guid?)null), cancellationToken);
            await db.Faqs.Where(f => f.UpdatedById == userId).ExecuteUpdateAsync(set => set.SetProperty(f => f.UpdatedById, (Guid?)null), cancellationToken);
            await db.FaqImports.Where(i => i.CreatedById == userId).ExecuteUpdateAsync(set => set.SetProperty(i => i.CreatedById, (Guid?)null), cancellationToken);
            // Roles, claims, logins and Identity tokens go with the account (cascade).
            await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(cancellationToken);
            db.AuditLogs.Add(new AuditLog
            {
                OccurredAt = time.GetUtcNow(),
                Action = AuditActions.Erasure,
                Outcome = "success",
                UserId = pseudonym,
                ActorId = adminId,
                Details = adminId is null ? """{"requested_by":"user"}""" : """{"requested_by":"admin"}""",
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var answers = await streams.DeleteAllOfUserAsync(userId, cancellationToken);
        await limiter.ForgetOwnerAsync(userId.ToString(), cancellationToken);
        await revocations.ForgetUserAsync(userId);
        await sockets.CloseAllAsync(userId);
        logger.LogInformation("Account erased ({RequestedBy}); audit pseudonym {Pseudonym}; {Streams} answer streams deleted",
            adminId is null ? "user" : "admin", pseudonym, answers);
        return ErasureOutcome.Erased;
    }
}

public enum ErasureOutcome
{
    Erased,
    NotFound,

    /// <summary>The only admin cannot go: nobody could administer the product after.</summary>
    LastAdmin,
}
