using ChatBot.Api.Auditing;
using ChatBot.Api.Auth;
using ChatBot.Api.Chat;
using ChatBot.Api.RateLimiting;
using ChatBot.Core.Auditing;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Privacy;

/// <summary>
/// The right to be forgotten. In order: the user's answers still being written are stopped; one transaction locks the
/// account (so no sign-in can add a session meanwhile), refuses every token of it (its sessions are denied in Redis,
/// which holds on every replica), deletes every personal row and replaces the user's id in the audit trail with a
/// pseudonym (no IP or user agent left); then the user's Redis entries go and their open sockets drop. The email is
/// free to register again, as a new person.
/// </summary>
public sealed class AccountEraser(
    ChatBotDbContext db,
    TokenRevocationStore revocations,
    ChatStreamStore streams,
    RedisRequestLimiter limiter,
    OpenSockets sockets,
    AnswersInFlight answers,
    IOptions<JwtOptions> jwt,
    TimeProvider time,
    ILogger<AccountEraser> logger)
{
    public async Task<ErasureOutcome> EraseAsync(Guid userId, Guid? adminId, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return ErasureOutcome.NotFound;
        }

        // First, so answers in flight end before their rows are deleted (a late write then fails on the missing rows).
        await streams.DeleteAllOfUserAsync(userId, cancellationToken);

        // A long history is many rows: erasure may take longer than the Api's usual command timeout.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        var pseudonym = Guid.CreateVersion7();
        var conversations = db.Conversations.Where(c => c.UserId == userId).Select(c => c.Id);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // One erasure of an admin at a time, so two admins erasing each other cannot leave none.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('chatbot:erase-admin'))", cancellationToken);
            // The row lock makes a concurrent sign-in wait (its new session references the user) and then fail.
            var user = (await db.Users.FromSql($"SELECT * FROM users WHERE id = {userId} FOR UPDATE").AsNoTracking().ToListAsync(cancellationToken))
                .SingleOrDefault();
            if (user is null)
            {
                return ErasureOutcome.NotFound;
            }

            if (await IsLastActiveAdminAsync(userId, cancellationToken))
            {
                return ErasureOutcome.LastAdmin;
            }

            var sessionIds = await db.UserSessions.Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync(cancellationToken);
            await revocations.DenySessionsAsync(sessionIds, jwt.Value.AccessTokenLifetime);

            await db.AuditLogs.Where(a => a.UserId == userId).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.UserId, pseudonym)
                .SetProperty(a => a.IpAddress, (string?)null)
                .SetProperty(a => a.UserAgent, (string?)null), cancellationToken);
            // Where they acted on others (as an admin), the address recorded was theirs too.
            await db.AuditLogs.Where(a => a.ActorId == userId).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.ActorId, pseudonym)
                .SetProperty(a => a.IpAddress, (string?)null)
                .SetProperty(a => a.UserAgent, (string?)null), cancellationToken);
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

        await ForgetInRedisAsync(userId);
        logger.LogInformation("Account erased ({RequestedBy}); audit pseudonym {Pseudonym}", adminId is null ? "user" : "admin", pseudonym);
        return ErasureOutcome.Erased;
    }

    /// <summary>
    /// After the commit the erasure has happened, whatever the client does: nothing here may be cancelled, and a Redis
    /// failure is logged, not reported as a failed erasure (the keys expire within the hour; tokens are already denied).
    /// </summary>
    private async Task ForgetInRedisAsync(Guid userId)
    {
        try
        {
            await sockets.CloseAllAsync(userId);
            await streams.DeleteAllOfUserAsync(userId, CancellationToken.None);
            await limiter.ForgetOwnerAsync(userId.ToString(), CancellationToken.None);
            await revocations.ForgetUserAsync(userId);
            await answers.ForgetUserAsync(userId);
            await sockets.ForgetUserAsync(userId);
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            logger.LogError(exception, "Erased account's Redis entries could not all be removed; they expire on their own");
        }
    }

    /// <summary>Whether this is the only admin who can still sign in (a disabled admin administers nothing).</summary>
    private async Task<bool> IsLastActiveAdminAsync(Guid userId, CancellationToken cancellationToken)
    {
        var admins = db.UserRoles.Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin))
            .Join(db.Users, ur => ur.UserId, u => u.Id, (_, u) => u)
            .Where(u => !u.IsDisabled);
        return await admins.AnyAsync(u => u.Id == userId, cancellationToken) && await admins.CountAsync(cancellationToken) <= 1;
    }
}

public enum ErasureOutcome
{
    Erased,
    NotFound,

    /// <summary>The only admin cannot go: nobody could administer the product after.</summary>
    LastAdmin,
}
