using System.Text.Json;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Core.Privacy;

/// <summary>
/// Writes everything stored about one user as one JSON document: profile, consents and their history, sessions,
/// conversations, messages (with feedback), handoffs, moderation flags, usage events and the audit events about them
/// (or done by them, as an admin).
/// Rows are read as a stream and written as they come, so a long history never sits in memory at once.
/// </summary>
public sealed class PersonalDataWriter(ChatBotDbContext db, TimeProvider time)
{
    /// <summary>Format version of the document, for readers of old exports.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Writes the document; false when the user no longer exists.</summary>
    public async Task<bool> WriteAsync(Guid userId, Stream output, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return false;
        }

        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("format_version", FormatVersion);
        writer.WriteString("exported_at", time.GetUtcNow());
        writer.WritePropertyName("profile");
        JsonSerializer.Serialize(writer, new
        {
            user.Id,
            user.Email,
            Username = user.UserName,
            user.DisplayName,
            user.PreferredLanguage,
            Roles = await db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
                .ToListAsync(cancellationToken),
            user.CreatedAt,
            user.UpdatedAt,
            user.LastLoginAt,
            user.IsDisabled,
            user.WeeklyReportOptIn,
        }, Json);
        writer.WritePropertyName("consents");
        JsonSerializer.Serialize(writer, new
        {
            user.GdprConsent,
            user.GdprConsentAt,
            user.DataProcessingConsent,
            user.DataProcessingConsentAt,
            user.MarketingConsent,
            user.MarketingConsentAt,
        }, Json);

        await WriteArrayAsync(writer, output, "consent_history", db.ConsentRecords.AsNoTracking()
            .Where(c => c.UserId == userId).OrderBy(c => c.Id)
            .Select(c => new { c.ConsentType, c.Granted, c.RecordedAt, c.IpAddress, c.UserAgent }), cancellationToken);
        await WriteArrayAsync(writer, output, "sessions", db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt)
            .Select(s => new { s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.RevokedAt, s.RevokedReason, s.IpAddress, s.UserAgent }), cancellationToken);
        await WriteArrayAsync(writer, output, "conversations", db.Conversations.AsNoTracking()
            .Where(c => c.UserId == userId).OrderBy(c => c.CreatedAt)
            .Select(c => new
            {
                c.Id,
                c.Title,
                Status = Lower(c.Status),
                c.Language,
                c.CreatedAt,
                c.UpdatedAt,
                c.LastMessageAt,
                c.MessageCount,
                c.PromptTokens,
                c.CompletionTokens,
            }), cancellationToken);
        await WriteArrayAsync(writer, output, "messages", db.Messages.AsNoTracking()
            .Where(m => m.Conversation!.UserId == userId).OrderBy(m => m.ConversationId).ThenBy(m => m.CreatedAt)
            .Select(m => new
            {
                m.Id,
                m.ConversationId,
                Role = Lower(m.Role),
                m.Content,
                Status = Lower(m.Status),
                m.Language,
                m.Model,
                m.PromptTokens,
                m.CompletionTokens,
                m.CreatedAt,
            }), cancellationToken);
        await WriteArrayAsync(writer, output, "feedback", db.Messages.AsNoTracking()
            .Where(m => m.Conversation!.UserId == userId && m.FeedbackRating != null).OrderBy(m => m.FeedbackAt)
            .Select(m => new { MessageId = m.Id, m.ConversationId, Rating = m.FeedbackRating.HasValue ? Lower(m.FeedbackRating.Value) : null, Comment = m.FeedbackComment, m.FeedbackAt }),
            cancellationToken);
        await WriteArrayAsync(writer, output, "handoffs", db.Conversations.AsNoTracking()
            .Where(c => c.UserId == userId && c.HandoffRequestedAt != null).OrderBy(c => c.HandoffRequestedAt)
            .Select(c => new { ConversationId = c.Id, Status = Lower(c.HandoffStatus), RequestedAt = c.HandoffRequestedAt }),
            cancellationToken);
        await WriteArrayAsync(writer, output, "moderation_flags", db.ModerationFlags.AsNoTracking()
            .Where(f => f.UserId == userId).OrderBy(f => f.Id)
            .Select(f => new { f.CreatedAt, f.Source, f.ConversationId, f.MessageId, f.Content, f.Categories, f.Blocked, Status = Lower(f.Status), f.Resolution }),
            cancellationToken);
        await WriteArrayAsync(writer, output, "usage_events", db.AnalyticsEvents.AsNoTracking()
            .Where(e => e.UserId == userId).OrderBy(e => e.Id)
            .Select(e => new { e.Name, e.OccurredAt, e.ConversationId, e.MessageId, e.Language, e.LatencyMs, e.PromptTokens, e.CompletionTokens, e.IsFallback }),
            cancellationToken);
        await WriteArrayAsync(writer, output, "audit_events", db.AuditLogs.AsNoTracking()
            .Where(a => a.UserId == userId || a.ActorId == userId).OrderBy(a => a.Id)
            .Select(a => new { a.OccurredAt, a.Action, a.Outcome, AboutYou = a.UserId == userId, ByYou = a.ActorId == userId, a.IpAddress, a.UserAgent }),
            cancellationToken);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
        return true;
    }

    /// <summary>Enums as the Api shows them (<c>complete</c>, <c>up</c>); evaluated after the rows are read.</summary>
    private static string Lower(Enum value) => value.ToString().ToLowerInvariant();

    private static async Task WriteArrayAsync<T>(Utf8JsonWriter writer, Stream output, string name, IQueryable<T> rows, CancellationToken cancellationToken)
    {
        writer.WriteStartArray(name);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            JsonSerializer.Serialize(writer, row, Json);
            if (writer.BytesPending > 64 * 1024)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        await output.FlushAsync(cancellationToken);
    }
}
