using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Core.Analytics;

/// <summary>
/// Usage events name the user (and their conversation and message) only with data-processing consent; without it they
/// are written unlinked, so they still count in totals but can never be traced back to the person.
/// </summary>
public static class UsageConsent
{
    public static Task<bool> LinksUsageToAsync(this ChatBotDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.DataProcessingConsent).FirstOrDefaultAsync(cancellationToken);

    /// <summary>After a withdrawal: the user's past usage events lose every link to them.</summary>
    public static Task<int> UnlinkUsageAsync(this ChatBotDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.AnalyticsEvents.Where(e => e.UserId == userId).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.UserId, (Guid?)null)
            .SetProperty(e => e.ConversationId, (Guid?)null)
            .SetProperty(e => e.MessageId, (Guid?)null), cancellationToken);
}
