using ChatBot.Core.Conversations;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Core.Analytics;

/// <summary>One user's activity, read live from their conversations (so it is there whatever their consents).</summary>
public sealed class UserActivityReader(ChatBotDbContext db, TimeProvider time)
{
    public async Task<UserActivity?> ReadAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.CreatedAt, u.LastLoginAt }).SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var conversations = db.Conversations.AsNoTracking().Where(c => c.UserId == userId);
        var totals = await conversations.GroupBy(_ => 1).Select(g => new
        {
            Count = g.Count(),
            Active = g.Count(c => c.Status == ConversationStatus.Active),
            Messages = g.Sum(c => c.MessageCount),
            Prompt = g.Sum(c => (long)c.PromptTokens),
            Completion = g.Sum(c => (long)c.CompletionTokens),
            Fallbacks = g.Sum(c => c.FallbackCount),
            Up = g.Sum(c => c.ThumbsUpCount),
            Down = g.Sum(c => c.ThumbsDownCount),
            Handoffs = g.Count(c => c.HandoffRequestedAt != null),
            LastMessageAt = g.Max(c => (DateTimeOffset?)c.LastMessageAt),
        }).SingleOrDefaultAsync(cancellationToken);

        var since = time.GetUtcNow().AddDays(-30);
        var days = await db.Messages.AsNoTracking()
            .Where(m => m.Conversation!.UserId == userId && m.Role == MessageRole.User && m.CreatedAt >= since)
            .Select(m => m.CreatedAt).ToListAsync(cancellationToken);
        var activeDays = days.Select(d => DateOnly.FromDateTime(d.UtcDateTime)).GroupBy(d => d).OrderBy(g => g.Key)
            .Select(g => new DayCount(g.Key, g.Count())).ToList();

        return new UserActivity(
            user.Id,
            user.CreatedAt,
            user.LastLoginAt,
            totals?.LastMessageAt,
            new UserConversationCounts(totals?.Count ?? 0, totals?.Active ?? 0, totals?.Messages ?? 0, totals?.Handoffs ?? 0, totals?.Fallbacks ?? 0),
            new UserTokens(totals?.Prompt ?? 0, totals?.Completion ?? 0),
            new FeedbackFigures(totals?.Up ?? 0, totals?.Down ?? 0, DashboardBuilder.Rate(totals?.Up ?? 0, (totals?.Up ?? 0) + (totals?.Down ?? 0))),
            activeDays);
    }
}

/// <param name="QuestionsLast30Days">Questions asked per UTC day over the last 30 days (days without any left out).</param>
public sealed record UserActivity(
    Guid UserId,
    DateTimeOffset MemberSince,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset? LastMessageAt,
    UserConversationCounts Conversations,
    UserTokens Tokens,
    FeedbackFigures Feedback,
    IReadOnlyList<DayCount> QuestionsLast30Days);

public sealed record UserConversationCounts(int Total, int Active, int Messages, int Handoffs, int Fallbacks);

public sealed record UserTokens(long Prompt, long Completion);

public sealed record DayCount(DateOnly Day, int Count);
